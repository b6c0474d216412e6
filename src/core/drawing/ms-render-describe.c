/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-render"

#include "config.h"

#include "ms-render.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ms-field.h"
#include "ms-render-private.h"
#include "ms-text.h"

/* Tooltip text for what the strip shows: a region, a merged column, a gap.
 *
 * GTK shows a tooltip of several lines without wrapping it, so a long line
 * (a path, a row of flags) would run off the window: lines are wrapped here,
 * at MS_RENDER_DESCRIBE_COLUMNS columns (a wide character, as in Chinese,
 * counts two), after a space, a slash or a comma where there is one. */

static guint
char_columns (gunichar c)
{
  if (g_unichar_iszerowidth (c))
    return 0;
  return g_unichar_iswide (c) ? 2 : 1;
}

static guint
text_columns (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    n += char_columns (g_utf8_get_char (p));
  return n;
}

/* Appends @text, made valid and short by ms_display_text(), escaped, wrapped so that its first line takes at most
 * @first columns and each further one, after @indent, the rest of a line.
 * Newlines in @text are kept. */
static void
append_wrapped (GString    *out,
                const char *text,
                guint       first,
                const char *indent)
{
  /* any text of the process's: markup must be valid UTF-8, and a tooltip short */
  g_autofree char *valid = ms_display_text (text, -1);
  guint budget = MAX (first, 8);
  const char *line = valid;

  while (*line != '\0')
    {
      const char *p = line;
      const char *after_break = NULL;
      const char *end;
      guint width = 0;

      while (*p != '\0' && *p != '\n')
        {
          gunichar c = g_utf8_get_char (p);
          guint w = char_columns (c);

          if (width + w > budget && p != line)
            break;
          width += w;
          p = g_utf8_next_char (p);
          if (c == ' ' || c == '/' || c == ',')
            after_break = p;
        }

      end = (*p == '\0' || *p == '\n' || after_break == NULL) ? p : after_break;
      {
        const char *shown_end = end;
        g_autofree char *escaped = NULL;

        /* A space at a break is not shown. */
        while (shown_end > line && shown_end != p && shown_end[-1] == ' ')
          shown_end--;
        escaped = g_markup_escape_text (line, shown_end - line);
        g_string_append (out, escaped);
      }

      if (*end == '\0')
        break;
      if (*end == '\n')
        {
          g_string_append_c (out, '\n');
          line = end + 1;
          budget = MS_RENDER_DESCRIBE_COLUMNS;
          continue;
        }

      g_string_append_c (out, '\n');
      g_string_append (out, indent);
      budget = MS_RENDER_DESCRIBE_COLUMNS - MIN (text_columns (indent), MS_RENDER_DESCRIBE_COLUMNS / 2);
      line = end;
      while (*line == ' ')
        line++;
    }
}

static void
append_swatch (GString *out,
               MsKind   kind)
{
  char hex[8];

  _ms_render_color_to_hex (ms_kind_get_color (kind), hex);
  g_string_append_printf (out, "<span foreground=\"%s\">■</span>", hex);
}

/* Appends a value, any text of the process's among them, through
 * ms_display_text() (markup must be valid UTF-8, and a tooltip short). */
static void
append_row (GString    *out,
            const char *label,
            const char *value)
{
  guint used = text_columns (label) + 1;

  g_string_append_printf (out, "\n<span fgalpha=\"70%%\">%s</span> ", label);
  append_wrapped (out, value, used < MS_RENDER_DESCRIBE_COLUMNS ? MS_RENDER_DESCRIBE_COLUMNS - used : 8, "  ");
}

static gboolean
has_flag (const MsRegion *r,
          const char     *flag)
{
  gsize len = strlen (flag);

  for (const char *p = r->vm_flags; p != NULL && *p != '\0'; p = strchr (p, ' '))
    {
      while (*p == ' ')
        p++;
      if (strncmp (p, flag, len) == 0 && (p[len] == ' ' || p[len] == '\0'))
        return TRUE;
    }
  return FALSE;
}

/* The flags that matter, in words, as the fields (ms-field.c) say them:
 * writable and executable at once, locked, sealed, shadow stack, huge
 * pages, not dumped; and guard pages installed. NULL when none. */
static char *
describe_notes (const MsRegion *r)
{
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
  const MsField *fields = ms_field_get_all ();

  for (guint i = 0; i < MS_N_FIELDS; i++)
    {
      char *note = ms_field_dup_note (&fields[i], r);

      if (note != NULL)
        g_ptr_array_add (notes, note);
    }
  if (has_flag (r, "gu"))
    g_ptr_array_add (notes, g_strdup (_("holds guard pages (MADV_GUARD_INSTALL)")));

  if (notes->len == 0)
    return NULL;
  g_ptr_array_add (notes, NULL);
  /* TRANSLATORS: the separator between the notes on a region */
  return g_strjoinv (_(", "), (char **) notes->pdata);
}

char *
ms_render_describe_region (const MsSnapshot *snapshot,
                           guint             index)
{
  const MsRegion *r;
  GString *out;
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;
  g_autofree char *size = NULL;
  g_autofree char *perms = NULL;
  g_autofree char *text = NULL;
  char raw[5];

  g_return_val_if_fail (snapshot != NULL, NULL);
  g_return_val_if_fail (index < snapshot->n_regions, NULL);

  r = &snapshot->regions[index];
  out = g_string_new (NULL);

  append_swatch (out, r->kind);
  g_string_append_printf (out, " <b>%s</b>", ms_kind_get_label (r->kind));
  if (r->object != NULL)
    {
      g_autofree char *name = _ms_render_region_name (r);
      guint used = 2 + text_columns (ms_kind_get_label (r->kind)) + 3;

      g_string_append (out, " · ");
      append_wrapped (out, name,
                      used < MS_RENDER_DESCRIBE_COLUMNS ? MS_RENDER_DESCRIBE_COLUMNS - used : 8, "  ");
    }

  if (r->path != NULL && r->path[0] != '\0')
    {
      g_string_append (out, "\n<small>");
      append_wrapped (out, r->path, MS_RENDER_DESCRIBE_COLUMNS, "");
      g_string_append (out, "</small>");
    }

  start = ms_format_hex (r->start);
  end = ms_format_hex (r->end);
  g_string_append_printf (out, "\n<tt>%s – %s</tt>", start, end);

  size = ms_format_size_with_bytes (ms_region_get_size (r));
  append_row (out, _("Size:"), size);

  perms = ms_region_describe_perms (r);
  ms_region_format_perms (r, raw);
  /* TRANSLATORS: a mapping's permissions in words, then as the kernel shows
   * them: "read, write, private (rw-p)" */
  text = g_strdup_printf (_("%s (%s)"), perms, raw);
  append_row (out, _("Permissions:"), text);
  g_clear_pointer (&text, g_free);

  {
    g_autofree char *offset = ms_format_hex (r->offset);
    g_autofree char *device = g_strdup_printf ("%02x:%02x", r->dev_major, r->dev_minor);
    g_autofree char *inode = g_strdup_printf ("%" G_GUINT64_FORMAT, r->inode);

    /* TRANSLATORS: file offset, device and inode of a mapping on one line:
     * "0x1c000 · device 08:01 · inode 1234567" */
    text = g_strdup_printf (_("%s · device %s · inode %s"), offset, device, inode);
    append_row (out, _("Offset:"), text);
    g_clear_pointer (&text, g_free);
  }

  if (snapshot->has_counters)
    {
      const MsField *fields = ms_field_get_all ();
      gboolean any = FALSE;

      /* Each counter that is not 0; RSS alone when all are. */
      for (guint i = 0; i < MS_N_FIELDS; i++)
        {
          g_autofree char *shown = NULL;
          guint64 value;

          if (fields[i].label == NULL || !(fields[i].flags & MS_FIELD_COUNTER))
            continue;
          value = ms_field_get_value (&fields[i], r);
          if (value == 0)
            continue;
          shown = ms_format_size (value);
          append_row (out, _(fields[i].label), shown);
          any = TRUE;
        }
      if (!any)
        {
          g_autofree char *none = ms_format_size (0);

          append_row (out, _(ms_field_get (MS_FIELD_RSS)->label), none);
        }
      /* A first picture knows RSS alone: the rest is not 0 but unknown. */
      if (ms_snapshot_is_partial (snapshot))
        g_string_append_printf (out, "\n<i>%s</i>", _("PSS, swap and the other counters: reading…"));
    }
  else
    {
      g_string_append_printf (out, "\n<i>%s</i>", _("No memory counters: a maps capture"));
    }

  if (r->vm_flags != NULL && r->vm_flags[0] != '\0')
    append_row (out, _("Flags:"), r->vm_flags);

  {
    g_autofree char *notes = describe_notes (r);

    if (notes != NULL)
      append_row (out, _("Notes:"), notes);
  }

  return g_string_free (out, FALSE);
}

#define N_BIGGEST 3

static char *
describe_merged (const MsLayout    *layout,
                 const MsRenderHit *hit)
{
  const MsSnapshot *snapshot = ms_layout_get_snapshot (layout);
  guint counts[MS_N_KINDS] = { 0 };
  guint64 sizes[MS_N_KINDS] = { 0 };
  int biggest[N_BIGGEST] = { -1, -1, -1 };
  guint64 total = 0, rss = 0;
  guint n = (guint) (hit->last - hit->first + 1);
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;
  g_autofree char *size = NULL;
  g_autofree char *resident = NULL;
  GString *out;

  for (int i = hit->first; i <= hit->last; i++)
    {
      const MsRegion *r = &snapshot->regions[i];
      guint64 s = ms_region_get_size (r);

      counts[r->kind]++;
      sizes[r->kind] = ms_add_saturated (sizes[r->kind], s);
      total = ms_add_saturated (total, s);
      rss = ms_add_saturated (rss, r->counters.rss);

      for (guint b = 0; b < N_BIGGEST; b++)
        {
          if (biggest[b] < 0 || s > ms_region_get_size (&snapshot->regions[biggest[b]]))
            {
              memmove (&biggest[b + 1], &biggest[b], (N_BIGGEST - b - 1) * sizeof biggest[0]);
              biggest[b] = i;
              break;
            }
        }
    }

  out = g_string_new (NULL);
  g_string_append_printf (out, "<b>");
  g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE,
                                            "%u region in this column",
                                            "%u regions in this column", n), n);
  g_string_append_printf (out, "</b>");

  start = ms_format_hex (snapshot->regions[hit->first].start);
  end = ms_format_hex (snapshot->regions[hit->last].end);
  g_string_append_printf (out, "\n<tt>%s – %s</tt>", start, end);

  size = ms_format_size (total);
  append_row (out, _("Mapped:"), size);
  if (snapshot->has_counters)
    {
      resident = ms_format_size (rss);
      append_row (out, _("Resident (RSS):"), resident);
    }

  g_string_append_printf (out, "\n<span fgalpha=\"70%%\">%s</span>", _("Kinds:"));
  for (guint k = 0; k < MS_N_KINDS; k++)
    {
      g_autofree char *kind_size = NULL;

      if (counts[k] == 0)
        continue;
      kind_size = ms_format_size (sizes[k]);
      g_string_append (out, "\n  ");
      append_swatch (out, k);
      /* TRANSLATORS: a kind in a merged column: "Guard: 3 regions, 12.0 KiB" */
      g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE,
                                                " %s: %u region, %s",
                                                " %s: %u regions, %s", counts[k]),
                              ms_kind_get_label (k), counts[k], kind_size);
    }

  g_string_append_printf (out, "\n<span fgalpha=\"70%%\">%s</span>", _("Largest:"));
  for (guint b = 0; b < N_BIGGEST && biggest[b] >= 0; b++)
    {
      const MsRegion *r = &snapshot->regions[biggest[b]];
      g_autofree char *s = ms_format_size (ms_region_get_size (r));
      g_autofree char *shown = _ms_render_region_name (r);
      g_autofree char *name = g_markup_escape_text (shown, -1);
      g_autofree char *at = ms_format_hex (r->start);

      g_string_append (out, "\n  ");
      append_swatch (out, r->kind);
      g_string_append_printf (out, " %s  %s  <tt><small>%s</small></tt>", s, name, at);
    }

  g_string_append_printf (out, "\n<i>%s</i>", _("Zoom in to tell them apart"));

  return g_string_free (out, FALSE);
}

static char *
describe_gap (const MsLayout *layout,
              int             gap)
{
  const MsSnapshot *snapshot = ms_layout_get_snapshot (layout);
  const MsRegion *before, *after;
  g_autofree char *size = NULL;
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;
  g_autofree char *between = NULL;
  GString *out;

  if (gap <= 0 || (guint) gap >= snapshot->n_regions)
    return NULL;

  before = &snapshot->regions[gap - 1];
  after = &snapshot->regions[gap];
  if (after->start <= before->end)
    return NULL;

  out = g_string_new (NULL);
  g_string_append_printf (out, "<b>%s</b>", _("Unmapped"));
  size = ms_format_size_with_bytes (after->start - before->end);
  append_row (out, _("Size:"), size);

  start = ms_format_hex (before->end);
  end = ms_format_hex (after->start);
  g_string_append_printf (out, "\n<tt>%s – %s</tt>", start, end);

  /* TRANSLATORS: where an unmapped gap is: "Between libc.so.6 and [heap]" */
  {
    g_autofree char *before_name = _ms_render_region_name (before);
    g_autofree char *after_name = _ms_render_region_name (after);

    between = g_strdup_printf (_("Between %s and %s"), before_name, after_name);
  }
  g_string_append_printf (out, "\n<span fgalpha=\"70%%\">");
  append_wrapped (out, between, MS_RENDER_DESCRIBE_COLUMNS, "");
  g_string_append (out, "</span>");

  if (ms_layout_get_gap (layout, gap, NULL, NULL) == MS_GAP_BREAK)
    g_string_append_printf (out, "\n<i>%s</i>", _("Drawn shrunk: not to scale"));

  return g_string_free (out, FALSE);
}

char *
ms_render_describe_hit (const MsLayout    *layout,
                        const MsRenderHit *hit)
{
  const MsSnapshot *snapshot;

  g_return_val_if_fail (layout != NULL, NULL);
  g_return_val_if_fail (hit != NULL, NULL);

  snapshot = ms_layout_get_snapshot (layout);

  switch (hit->type)
    {
    case MS_SPAN_REGION:
      return ms_render_describe_region (snapshot, (guint) hit->region);
    case MS_SPAN_MERGED:
      if (hit->first >= 0 && hit->first == hit->last)
        return ms_render_describe_region (snapshot, (guint) hit->first);
      if (hit->first < 0 || hit->last < hit->first || (guint) hit->last >= snapshot->n_regions)
        return NULL;
      return describe_merged (layout, hit);
    case MS_SPAN_BREAK:
    case MS_SPAN_EMPTY:
    default:
      return describe_gap (layout, hit->gap);
    }
}
