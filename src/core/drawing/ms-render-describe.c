/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-render"

#include "config.h"

#include "ms-render.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ms-field.h"
#include "ms-render-private.h"
#include "ms-text.h"

/* Tooltip text for what the strip shows: a region, a merged column, a gap. */
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
  g_autofree char *shown = ms_display_text (value, -1);
  g_autofree char *escaped = g_markup_escape_text (shown, -1);

  g_string_append_printf (out, "\n<span fgalpha=\"70%%\">%s</span> %s", label, escaped);
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
      g_autofree char *object = g_markup_escape_text (name, -1);

      g_string_append_printf (out, " · %s", object);
    }

  if (r->path != NULL && r->path[0] != '\0')
    {
      g_autofree char *shown = ms_display_text (r->path, -1);
      g_autofree char *path = g_markup_escape_text (shown, -1);

      g_string_append_printf (out, "\n<small>%s</small>", path);
    }

  start = _ms_render_format_address (r->start);
  end = _ms_render_format_address (r->end);
  g_string_append_printf (out, "\n<tt>%s – %s</tt>", start, end);

  size = _ms_render_format_size_long (ms_region_get_size (r));
  append_row (out, _("Size:"), size);

  perms = ms_region_describe_perms (r);
  ms_region_format_perms (r, raw);
  /* TRANSLATORS: a mapping's permissions in words, then as the kernel shows
   * them: "read, write, private (rw-p)" */
  text = g_strdup_printf (_("%s (%s)"), perms, raw);
  append_row (out, _("Permissions:"), text);
  g_clear_pointer (&text, g_free);

  {
    g_autofree char *offset = _ms_render_format_address (r->offset);
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
          shown = _ms_render_format_size (value);
          append_row (out, _(fields[i].label), shown);
          any = TRUE;
        }
      if (!any)
        {
          g_autofree char *none = _ms_render_format_size (0);

          append_row (out, _(ms_field_get (MS_FIELD_RSS)->label), none);
        }
    }
  else
    {
      g_string_append_printf (out, "\n<i>%s</i>", _("No memory counters: a maps capture"));
    }

  if (r->vm_flags != NULL && r->vm_flags[0] != '\0')
    append_row (out, _("Flags:"), r->vm_flags);

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

  start = _ms_render_format_address (snapshot->regions[hit->first].start);
  end = _ms_render_format_address (snapshot->regions[hit->last].end);
  g_string_append_printf (out, "\n<tt>%s – %s</tt>", start, end);

  size = _ms_render_format_size (total);
  append_row (out, _("Mapped:"), size);
  if (snapshot->has_counters)
    {
      resident = _ms_render_format_size (rss);
      append_row (out, _("Resident (RSS):"), resident);
    }

  g_string_append_printf (out, "\n<span fgalpha=\"70%%\">%s</span>", _("Kinds:"));
  for (guint k = 0; k < MS_N_KINDS; k++)
    {
      g_autofree char *kind_size = NULL;

      if (counts[k] == 0)
        continue;
      kind_size = _ms_render_format_size (sizes[k]);
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
      g_autofree char *s = _ms_render_format_size (ms_region_get_size (r));
      g_autofree char *shown = _ms_render_region_name (r);
      g_autofree char *name = g_markup_escape_text (shown, -1);
      g_autofree char *at = _ms_render_format_address (r->start);

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
  g_autofree char *prev = NULL;
  g_autofree char *next = NULL;
  GString *out;

  if (gap <= 0 || (guint) gap >= snapshot->n_regions)
    return NULL;

  before = &snapshot->regions[gap - 1];
  after = &snapshot->regions[gap];
  if (after->start <= before->end)
    return NULL;

  out = g_string_new (NULL);
  g_string_append_printf (out, "<b>%s</b>", _("Unmapped"));
  size = _ms_render_format_size_long (after->start - before->end);
  append_row (out, _("Size:"), size);

  start = _ms_render_format_address (before->end);
  end = _ms_render_format_address (after->start);
  g_string_append_printf (out, "\n<tt>%s – %s</tt>", start, end);

  {
    g_autofree char *before_name = _ms_render_region_name (before);
    g_autofree char *after_name = _ms_render_region_name (after);

    prev = g_markup_escape_text (before_name, -1);
    next = g_markup_escape_text (after_name, -1);
  }
  g_string_append_printf (out, "\n<span fgalpha=\"70%%\">");
  /* TRANSLATORS: where an unmapped gap is: "Between libc.so.6 and [heap]" */
  g_string_append_printf (out, _("Between %s and %s"), prev, next);
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
