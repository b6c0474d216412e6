/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-render"

#include "config.h"

#include "ms-page-picture-private.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "ms-error.h"
#include "ms-format.h"
#include "ms-render-private.h"
#include "ms-text.h"

/* The page picture: pixels, drawn at 1:1 (a page is a cell of 8 × 10). The
 * cells start on a multiple of the cell width, so that a hatched swatch of
 * the legend and a hatched cell have their lines in the same place. */

#define MARGIN          20.0
#define GUTTER          124.0   /* the row addresses, left of the cells */
#define CELL            8.0
#define COLUMNS         128     /* cells a row: 512 KiB of 4 KiB pages */
#define ROW_HEIGHT      10.0
#define ROW_PITCH       13.0
#define LABEL_HEIGHT    19.0    /* a region's label line above its rows */
#define GROUP_GAP       5.0     /* between regions next to each other */
#define HOLE_GAP        13.0    /* between regions with addresses unmapped between */
#define LABEL_SPACING   10.0    /* between a row's cells and the label beside them */
#define MARK_WIDTH      14.0    /* a label's mark of its kind's colour, and a space */
#define SWATCH_CELLS    3
#define LABEL_SIZE      12.0
#define TICK_HEIGHT     3.0     /* above the cells, in the space between two rows */
#define LEGEND_PITCH    18.0
#define CELLS_X         (MARGIN + GUTTER)
#define PICTURE_WIDTH   (CELLS_X + COLUMNS * CELL + MARGIN)

G_STATIC_ASSERT ((int) CELLS_X % (int) CELL == 0);

#define TEXT_RGB        0x241f31
#define DETAIL_RGB      0x5e5c64
#define FAINT_RGB       0x9a9996
#define TICK_RGB        0x241f31

static void
set_hex (cairo_t *cr,
         guint32  rgb)
{
  cairo_set_source_rgb (cr, ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0, (rgb & 0xff) / 255.0);
}

/* A stretch of mapped addresses in one region (or in none the snapshot
 * knows: a region that came or went between the two reads). */
typedef struct {
  guint64 start;
  guint64 end;
  int     region;
  guint64 present;   /* pages */
} Piece;

/* Pieces drawn under one label: one region, or when a row each would be
 * too much, the regions of a file or so many neighbours. */
typedef struct {
  guint   first;
  guint   n;
  guint64 hole;      /* unmapped bytes before it */
  char   *markup;    /* its label */
  double  label_width;  /* the label's, with the kind's mark before it */
  GArray *absent;    /* guint64 pairs: its stretches of pages not present
                      * (by their offset in the group), long enough to
                      * leave out (ABSENT_ROWS rows and more) */
} Group;

/* Rows of nothing but pages not present, this many or more one after the
 * other, are left out, a line saying so in their place. */
#define ABSENT_ROWS 3

/* --- the legend ------------------------------------------------------------- */

enum {
  NEED_NOTHING,
  NEED_ZERO_HUGE,    /* drawn only where the reader can tell zero and huge pages */
  NEED_PFNS,         /* drawn only with page frame numbers (map count, kpageflags) */
  NEED_NO_PFNS,      /* drawn only without them */
};

#define MODE(c) (1u << (c))
#define ALL_MODES ((1u << MS_N_PAGE_COLOURS) - 1)

static const struct {
  guint32     flags;
  guint32     mapcount;
  guint       modes;
  guint       need;
  const char *label;
} legend[] = {
  { MS_PAGE_PRESENT, 0, MODE (MS_PAGE_COLOUR_RESIDENCY), NEED_NOTHING, N_("Resident, anonymous") },
  { MS_PAGE_PRESENT | MS_PAGE_FILE, 0, MODE (MS_PAGE_COLOUR_RESIDENCY), NEED_NOTHING, N_("Resident, of a file or shared memory") },
  { MS_PAGE_PRESENT | MS_PAGE_ZERO, 0, MODE (MS_PAGE_COLOUR_RESIDENCY), NEED_ZERO_HUGE, N_("The zero page: read, never written") },
  { MS_PAGE_PRESENT | MS_PAGE_SOFT_DIRTY, 0, MODE (MS_PAGE_COLOUR_DIRTY), NEED_NOTHING, N_("Written since last cleared (soft-dirty)") },
  { MS_PAGE_PRESENT, 0, MODE (MS_PAGE_COLOUR_DIRTY), NEED_NOTHING, N_("Resident, not written") },
  { MS_PAGE_PRESENT | MS_PAGE_EXCLUSIVE, 0, MODE (MS_PAGE_COLOUR_SHARED), NEED_NOTHING, N_("Mapped by this process alone") },
  { MS_PAGE_PRESENT, 2, MODE (MS_PAGE_COLOUR_SHARED), NEED_PFNS, N_("Mapped twice") },
  { MS_PAGE_PRESENT, 3, MODE (MS_PAGE_COLOUR_SHARED), NEED_PFNS, N_("Mapped three times or more") },
  { MS_PAGE_PRESENT, 0, MODE (MS_PAGE_COLOUR_SHARED), NEED_NO_PFNS, N_("Shared with other mappings") },
  { MS_PAGE_PRESENT | MS_PAGE_REFERENCED, 0, MODE (MS_PAGE_COLOUR_HEAT), NEED_PFNS, N_("Referenced: used lately") },
  { MS_PAGE_PRESENT, 0, MODE (MS_PAGE_COLOUR_HEAT), NEED_NOTHING, N_("Resident, not referenced") },
  { MS_PAGE_PRESENT | MS_PAGE_HUGE, 0, ALL_MODES, NEED_ZERO_HUGE, N_("Part of a huge page (a bar along the top)") },
  { MS_PAGE_SWAPPED, 0, ALL_MODES, NEED_NOTHING, N_("Swapped out") },
  { 0, 0, ALL_MODES, NEED_NOTHING, N_("Not present: never touched, or reclaimed") },
  { MS_PAGE_GUARD, 0, ALL_MODES, NEED_NOTHING, N_("Guard page") },
};

static gboolean
legend_shown (guint                i,
              const MsPageMap     *map,
              MsPageColour         colour)
{
  if (!(legend[i].modes & MODE (colour)))
    return FALSE;
  switch (legend[i].need)
    {
    case NEED_ZERO_HUGE:
      return map->zero_huge_known;
    case NEED_PFNS:
      return map->pfns_visible;
    case NEED_NO_PFNS:
      return !map->pfns_visible;
    default:
      return TRUE;
    }
}

/* Whether the pages of @run are drawn as legend entry @i shows them. */
static gboolean
legend_matches (guint            i,
                const MsPageRun *run,
                MsPageColour     colour)
{
  guint32 flags = legend[i].flags;

  if (flags & MS_PAGE_HUGE)
    return (run->flags & (MS_PAGE_PRESENT | MS_PAGE_HUGE)) == (MS_PAGE_PRESENT | MS_PAGE_HUGE);
  if (flags & MS_PAGE_PRESENT)
    {
      double want[3], have[3];

      if (!(run->flags & MS_PAGE_PRESENT))
        return FALSE;
      ms_page_texture_get_fill (flags, legend[i].mapcount, colour, -1.0, want);
      ms_page_texture_get_fill (run->flags, run->mapcount, colour, -1.0, have);
      return memcmp (want, have, sizeof want) == 0;
    }
  if (run->flags & MS_PAGE_PRESENT)
    return FALSE;
  if (flags & MS_PAGE_SWAPPED)
    return (run->flags & MS_PAGE_SWAPPED) != 0;
  if (flags & MS_PAGE_GUARD)
    return (run->flags & (MS_PAGE_SWAPPED | MS_PAGE_GUARD)) == MS_PAGE_GUARD;
  return (run->flags & (MS_PAGE_SWAPPED | MS_PAGE_GUARD)) == 0;
}

/* --- text --------------------------------------------------------------------- */

static PangoLayout *
text_layout (cairo_t                 *cr,
             const MsPagePictureText *text)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  g_autoptr(PangoFontDescription) desc = NULL;
  g_autoptr(PangoAttrList) attrs = _ms_render_tabular_attrs ();

  desc = pango_font_description_from_string (text->mono ? _MS_RENDER_MONO_FAMILY : _MS_RENDER_FONT_FAMILY);
  pango_font_description_set_absolute_size (desc, text->size * PANGO_SCALE);
  pango_layout_set_font_description (layout, desc);
  /* (a line end in a name shows as a mark: one label, one line) */
  pango_layout_set_single_paragraph_mode (layout, text->role != MS_PAGE_PICTURE_TEXT_NOTE);
  pango_layout_set_markup (layout, text->markup, -1);
  {
    /* the markup's attributes, and tabular digits under them */
    PangoAttrList *own = pango_layout_get_attributes (layout);

    if (own != NULL)
      pango_attr_list_splice (attrs, own, 0, 0);
    pango_layout_set_attributes (layout, attrs);
  }
  if (text->width > 0)
    {
      pango_layout_set_width (layout, (int) (text->width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
      pango_layout_set_ellipsize (layout, text->ellipsize);
    }
  return layout;
}

/* Adds a text (its markup taken) at @x, @y and measures it; returns it. */
static MsPagePictureText *
add_text (MsPagePictureLayout   *self,
          cairo_t               *measure,
          MsPagePictureTextRole  role,
          char                  *markup,
          double                 x,
          double                 y,
          double                 width,
          double                 size,
          guint32                rgb)
{
  MsPagePictureText text = {
    .role = role,
    .x = x,
    .y = y,
    .width = width,
    .size = size,
    .mono = role == MS_PAGE_PICTURE_TEXT_ADDRESS,
    .ellipsize = role == MS_PAGE_PICTURE_TEXT_LABEL || role == MS_PAGE_PICTURE_TEXT_GAP
                   ? PANGO_ELLIPSIZE_END : PANGO_ELLIPSIZE_NONE,
    .rgb = rgb,
    .markup = markup,
  };
  g_autoptr(PangoLayout) layout = text_layout (measure, &text);
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  text.height = h;
  if (text.width <= 0)
    text.width = w;
  g_array_append_val (self->texts, text);
  return &g_array_index (self->texts, MsPagePictureText, self->texts->len - 1);
}

static void
clear_text (gpointer data)
{
  MsPagePictureText *text = data;

  g_free (text->markup);
}

static char *
hex (guint64 address)
{
  return g_strdup_printf ("0x%" G_GINT64_MODIFIER "x", address);
}

/* --- regions ------------------------------------------------------------------ */

/* The map's runs cut where the snapshot's regions begin and end. */
static GArray *
find_pieces (const MsPageMap  *map,
             const MsSnapshot *snapshot)
{
  GArray *pieces = g_array_new (FALSE, FALSE, sizeof (Piece));
  const MsRegion *regions = snapshot != NULL ? snapshot->regions : NULL;
  guint n_regions = snapshot != NULL ? snapshot->n_regions : 0;

  for (guint i = 0; i < map->n_runs; i++)
    {
      const MsPageRun *run = &map->runs[i];
      guint64 a = run->start;

      while (a < run->end)
        {
          int r = ms_regions_find (regions, n_regions, a);
          guint64 b = run->end;
          Piece *last = pieces->len > 0 ? &g_array_index (pieces, Piece, pieces->len - 1) : NULL;

          if (r >= 0)
            b = MIN (b, regions[r].end);
          else
            {
              guint next = ms_regions_bisect (regions, n_regions, a);

              if (next < n_regions)
                b = MIN (b, MAX (regions[next].start, a + map->page_size));
            }
          if (last != NULL && last->region == r && last->end == a)
            last->end = b;
          else
            {
              Piece piece = { a, b, r, 0 };

              g_array_append_val (pieces, piece);
              last = &g_array_index (pieces, Piece, pieces->len - 1);
            }
          if (run->flags & MS_PAGE_PRESENT)
            last->present += (b - a) / map->page_size;
          a = b;
        }
    }
  return pieces;
}

static const char *
piece_path (const MsSnapshot *snapshot,
            const Piece      *piece)
{
  return piece->region >= 0 ? snapshot->regions[piece->region].path : NULL;
}

/* How regions share rows when there are too many to give each its own. */
typedef enum {
  GROUP_NONE,        /* a region a row */
  GROUP_BY_FILE,     /* the regions of one file together */
  GROUP_EVENLY,      /* so many neighbours a row, a file's regions together */
} Grouping;

static gboolean
same_file (const MsSnapshot *snapshot,
           const GArray     *pieces,
           guint             i)
{
  const char *path = piece_path (snapshot, &g_array_index (pieces, Piece, i));

  return i > 0 && path != NULL && path[0] == '/' &&
         g_strcmp0 (path, piece_path (snapshot, &g_array_index (pieces, Piece, i - 1))) == 0;
}

static void
clear_group (gpointer data)
{
  Group *group = data;

  g_free (group->markup);
  g_clear_pointer (&group->absent, g_array_unref);
}

static GArray *
find_groups (const GArray     *pieces,
             const MsSnapshot *snapshot,
             Grouping          grouping,
             guint             per_group)
{
  GArray *groups = g_array_new (FALSE, FALSE, sizeof (Group));

  g_array_set_clear_func (groups, clear_group);
  for (guint i = 0; i < pieces->len; i++)
    {
      const Piece *piece = &g_array_index (pieces, Piece, i);
      Group *last = groups->len > 0 ? &g_array_index (groups, Group, groups->len - 1) : NULL;
      gboolean join = FALSE;

      if (last != NULL && grouping == GROUP_BY_FILE)
        join = same_file (snapshot, pieces, i);
      else if (last != NULL && grouping == GROUP_EVENLY)
        /* (at least @per_group a group: no more groups than that allows,
         * and the regions of a file stay together) */
        join = last->n < per_group || same_file (snapshot, pieces, i);

      if (join)
        last->n++;
      else
        {
          Group group = { i, 1, 0, NULL, 0, NULL };

          if (i > 0)
            group.hole = piece->start - g_array_index (pieces, Piece, i - 1).end;
          g_array_append_val (groups, group);
        }
    }
  return groups;
}

static gboolean
group_has_mark (const Group *group,
                const Piece *first)
{
  return group->n == 1 && first->region >= 0;
}

static guint64
group_pages (const Group  *group,
             const GArray *pieces,
             guint64       page_size)
{
  guint64 pages = 0;

  for (guint i = 0; i < group->n; i++)
    {
      const Piece *piece = &g_array_index (pieces, Piece, group->first + i);

      pages += (piece->end - piece->start) / page_size;
    }
  return pages;
}

/* A group's pages one after the other, @per_cell a cell. */
static guint64
group_cells (const Group  *group,
             const GArray *pieces,
             guint64       page_size,
             guint64       per_cell)
{
  return (group_pages (group, pieces, page_size) + per_cell - 1) / per_cell;
}

static gboolean
run_absent (const MsPageRun *run)
{
  return (run->flags & (MS_PAGE_PRESENT | MS_PAGE_SWAPPED | MS_PAGE_GUARD)) == 0;
}

/* Finds each group's long stretches of pages not present. */
static void
find_absent (GArray          *groups,
             const GArray    *pieces,
             const MsPageMap *map)
{
  for (guint g = 0; g < groups->len; g++)
    {
      Group *group = &g_array_index (groups, Group, g);
      guint64 offset = 0, from = 0;
      gboolean in_absent = FALSE;

      group->absent = g_array_new (FALSE, FALSE, sizeof (guint64));
      for (guint i = 0; i < group->n; i++)
        {
          const Piece *piece = &g_array_index (pieces, Piece, group->first + i);

          for (int r = MAX (ms_page_map_find (map, piece->start), 0);
               (guint) r < map->n_runs && map->runs[r].start < piece->end; r++)
            {
              const MsPageRun *run = &map->runs[r];
              guint64 n = (MIN (run->end, piece->end) - MAX (run->start, piece->start)) / map->page_size;

              if (run_absent (run) && !in_absent)
                {
                  from = offset;
                  in_absent = TRUE;
                }
              else if (!run_absent (run) && in_absent)
                {
                  guint64 stretch[2] = { from, offset };

                  if (offset - from >= ABSENT_ROWS * COLUMNS)
                    g_array_append_vals (group->absent, stretch, 2);
                  in_absent = FALSE;
                }
              offset += n;
            }
          /* (a stretch left out stays in one region: the ticks between
           * the regions of a group stay in sight) */
          if (in_absent && offset - from >= ABSENT_ROWS * COLUMNS)
            {
              guint64 stretch[2] = { from, offset };

              g_array_append_vals (group->absent, stretch, 2);
            }
          in_absent = FALSE;
        }
    }
}

/* The rows of @group left out at @per_cell pages a cell, as pairs of a first
 * row and the row after the last, appended to @out (guint64). Returns how
 * many rows fewer that makes (each stretch left out takes one line). */
static guint64
find_elided (const Group *group,
             guint64      pages,
             guint64      per_cell,
             GArray      *out)
{
  guint64 row_pages = COLUMNS * per_cell;
  guint64 fewer = 0;

  for (guint i = 0; i + 1 < group->absent->len; i += 2)
    {
      guint64 a = g_array_index (group->absent, guint64, i);
      guint64 b = g_array_index (group->absent, guint64, i + 1);
      guint64 first = (a + row_pages - 1) / row_pages;
      /* (a last row cut short counts as a whole one) */
      guint64 last = b == pages ? (b + row_pages - 1) / row_pages : b / row_pages;

      if (last >= first + ABSENT_ROWS)
        {
          guint64 rows[2] = { first, last };

          if (out != NULL)
            g_array_append_vals (out, rows, 2);
          fewer += last - first - 1;
        }
    }
  return fewer;
}

/* Whether a group's label goes beside its cells (one row with room for the
 * whole label) rather than on a line above them. */
static gboolean
label_beside (const Group *group,
              guint64      cells)
{
  return cells <= COLUMNS && (COLUMNS - cells) * CELL - LABEL_SPACING >= group->label_width;
}

/* The label of a group: a region's name (in bold), kind, permissions and
 * size, or how many regions a group holds, from which to which. What came
 * from the process is escaped: names are text, not markup. */
static char *
group_markup (const Group      *group,
              const GArray     *pieces,
              const MsSnapshot *snapshot,
              guint64           page_size)
{
  const Piece *first = &g_array_index (pieces, Piece, group->first);
  const Piece *last = &g_array_index (pieces, Piece, group->first + group->n - 1);
  guint64 pages = 0, present = 0;
  g_autofree char *size = NULL;
  g_autofree char *n_present = NULL;
  g_autofree char *n_pages = NULL;
  g_autofree char *amount = NULL;
  GString *markup = g_string_new (NULL);

  for (guint i = 0; i < group->n; i++)
    {
      const Piece *piece = &g_array_index (pieces, Piece, group->first + i);

      pages += (piece->end - piece->start) / page_size;
      present += piece->present;
    }
  size = ms_format_size (pages * page_size);
  n_present = ms_format_count (present);
  n_pages = ms_format_count (pages);
  /* TRANSLATORS: of a region in the page picture: "12 of 256 pages
   * resident" */
  amount = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s of %s page resident", "%s of %s pages resident",
                                         (gulong) pages),
                            n_present, n_pages);

  if (group->n == 1 && first->region >= 0)
    {
      const MsRegion *region = &snapshot->regions[first->region];
      const char *kind = ms_kind_get_label ((MsKind) region->kind);
      g_autofree char *name = _ms_render_region_name (region);
      g_autofree char *escaped = g_markup_escape_text (name, -1);
      char perms[5];

      ms_region_format_perms (region, perms);
      g_string_append_printf (markup, "<b>%s</b><span foreground=\"#%06x\">", escaped, DETAIL_RGB);
      if (g_strcmp0 (name, kind) != 0)
        g_string_append_printf (markup, "  %s ·", kind);
      g_string_append_printf (markup, " %s · %s · %s</span>", perms, size, amount);
    }
  else if (group->n == 1)
    {
      g_string_append_printf (markup, "<b>%s</b><span foreground=\"#%06x\"> · %s · %s</span>",
                              _("Unmapped since its pages were read"), DETAIL_RGB, size, amount);
    }
  else
    {
      g_autofree char *from = first->region >= 0 ? _ms_render_region_name (&snapshot->regions[first->region]) : g_strdup ("?");
      g_autofree char *to = last->region >= 0 ? _ms_render_region_name (&snapshot->regions[last->region]) : g_strdup ("?");
      g_autofree char *from_escaped = g_markup_escape_text (from, -1);
      g_autofree char *to_escaped = g_markup_escape_text (to, -1);
      g_autofree char *count = ms_format_count (group->n);
      g_autofree char *heading = NULL;

      /* TRANSLATORS: a group of regions in the page picture */
      heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s region", "%s regions", group->n), count);
      g_string_append_printf (markup, "<b>%s</b><span foreground=\"#%06x\">  %s", heading, DETAIL_RGB, from_escaped);
      if (g_strcmp0 (from, to) != 0)
        g_string_append_printf (markup, " … %s", to_escaped);
      g_string_append_printf (markup, " · %s · %s</span>", size, amount);
    }
  return g_string_free (markup, FALSE);
}

/* --- the heading and the legend ---------------------------------------------- */

static char *
bold (const char *text)
{
  return g_markup_printf_escaped ("<b>%s</b>", text);
}

static char *
plain (const char *text)
{
  return g_markup_escape_text (text, -1);
}

/* Lays out the heading and the legend for @per_cell pages a cell; returns
 * where the body starts. */
static double
layout_heading (MsPagePictureLayout *self,
                cairo_t             *measure,
                const MsPageMap     *map,
                const MsSnapshot    *snapshot,
                const GArray        *pieces,
                const GArray        *groups,
                guint64              per_cell)
{
  double width = PICTURE_WIDTH - 2 * MARGIN;
  double y = MARGIN;
  MsPagePictureText *text;
  guint64 pages = 0;

  for (guint i = 0; i < map->n_runs; i++)
    pages += (map->runs[i].end - map->runs[i].start) / map->page_size;

  {
    g_autofree char *name = snapshot != NULL && snapshot->name != NULL ? ms_display_text (snapshot->name, -1) : NULL;
    g_autofree char *title = name != NULL
      /* TRANSLATORS: the page picture's title: a process ID and its name */
      ? g_strdup_printf (_("Pages of process %d (%s)"), map->pid, name)
      : g_strdup_printf (_("Pages of process %d"), map->pid);

    if (per_cell > 1)
      {
        g_autofree char *count = ms_format_count (per_cell);
        g_autofree char *whole = g_steal_pointer (&title);

        /* TRANSLATORS: the page picture's title when a cell is several
         * pages: the title above, and how many pages a cell */
        title = g_strdup_printf (_("%s — %s pages a cell"), whole, count);
      }

    text = add_text (self, measure, MS_PAGE_PICTURE_TEXT_TITLE, bold (title), MARGIN, y, width, 17, TEXT_RGB);
    y += text->height + 4;
  }
  {
    g_autofree char *from = hex (map->runs[0].start);
    g_autofree char *to = hex (map->runs[map->n_runs - 1].end);
    g_autofree char *n_pages = ms_format_count (pages);
    g_autofree char *size = ms_format_size (pages * map->page_size);
    g_autofree char *n_regions = ms_format_count (pieces->len);
    g_autofree char *present = ms_format_count (ms_page_map_count (map, MS_PAGE_PRESENT));
    g_autofree char *swapped = ms_format_count (ms_page_map_count (map, MS_PAGE_SWAPPED));
    g_autofree char *line = NULL;

    /* TRANSLATORS: the page picture's second line: two addresses, a number
     * of pages, a size, a number of regions, and two numbers of pages */
    line = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%s–%s: %s pages (%s) mapped in %s region; %s present, %s swapped out",
                                         "%s–%s: %s pages (%s) mapped in %s regions; %s present, %s swapped out",
                                         pieces->len),
                            from, to, n_pages, size, n_regions, present, swapped);
    text = add_text (self, measure, MS_PAGE_PICTURE_TEXT_NOTE, plain (line), MARGIN, y, width, 13, TEXT_RGB);
    y += text->height + 2;
  }
  {
    g_autofree char *page = ms_format_size (map->page_size);
    g_autofree char *line = NULL;

    if (per_cell == 1)
      /* TRANSLATORS: the page picture's scale; %s is a size ("4 KiB") */
      line = g_strdup_printf (_("Each cell is one page of %s. Each region starts a row, at the address on its "
                                "left; a dashed line stands for addresses nothing maps, a line in italics for "
                                "rows with no page present."), page);
    else
      {
        g_autofree char *count = ms_format_count (per_cell);
        g_autofree char *cell = ms_format_size (per_cell * map->page_size);

        /* TRANSLATORS: the page picture's scale when the whole would not
         * fit: a number of pages, their size, and one page's size */
        line = g_strdup_printf (_("Each cell is %s pages (%s) of %s: it shows what most of them are — the mean "
                                  "colour of its resident pages, paler the fewer of them are resident. A line "
                                  "in italics stands for rows with no page present. Give --range START-END for "
                                  "one page a cell."), count, cell, page);
      }
    text = add_text (self, measure, MS_PAGE_PICTURE_TEXT_NOTE, plain (line), MARGIN, y, width, 13, DETAIL_RGB);
    y += text->height + 2;
  }
  if (groups->len < pieces->len)
    {
      g_autofree char *n_groups = ms_format_count (groups->len);
      g_autofree char *line = NULL;

      /* TRANSLATORS: a number of groups of regions in the page picture */
      line = g_strdup_printf (_("Too many regions to name each: neighbours share a label and rows (%s groups), "
                                "a dark tick above the cells where the next region begins. Give --range "
                                "START-END to see each named."), n_groups);
      text = add_text (self, measure, MS_PAGE_PICTURE_TEXT_NOTE, plain (line), MARGIN, y, width, 13, DETAIL_RGB);
      y += text->height + 2;
    }
  if (!map->zero_huge_known)
    {
      text = add_text (self, measure, MS_PAGE_PICTURE_TEXT_NOTE,
                       plain (_("Without PAGEMAP_SCAN (Linux 6.7) or administrator rights the kernel hides which "
                                "pages are the zero page or huge: they are drawn as other resident pages.")),
                       MARGIN, y, width, 13, DETAIL_RGB);
      y += text->height + 2;
    }
  if (!map->pfns_visible && (self->colour == MS_PAGE_COLOUR_SHARED || self->colour == MS_PAGE_COLOUR_HEAT))
    {
      const char *line = self->colour == MS_PAGE_COLOUR_SHARED
        ? _("Only administrators can see how many mappings share a page: here a page is either this "
            "process’s alone or shared.")
        : _("Only administrators can see which pages were referenced: here none is.");

      text = add_text (self, measure, MS_PAGE_PICTURE_TEXT_NOTE, plain (line), MARGIN, y, width, 13, DETAIL_RGB);
      y += text->height + 2;
    }

  /* the legend: what colour means, then each swatch and its words */
  {
    /* TRANSLATORS: the page picture's legend begins with what colour
     * means: "Colour: Residency" */
    g_autofree char *lead = g_strdup_printf (_("Colour: %s"), ms_page_colour_get_label (self->colour));
    double x = MARGIN, row_y = y + 8;
    guint n = G_N_ELEMENTS (legend) + 2;

    text = add_text (self, measure, MS_PAGE_PICTURE_TEXT_LEGEND, bold (lead), x, row_y, -1, 13, TEXT_RGB);
    x += text->width + 16;
    for (guint i = 0; i < n; i++)
      {
        MsPagePictureSwatch swatch = { 0 };
        const char *words;
        double item;

        if (i < G_N_ELEMENTS (legend))
          {
            if (!legend_shown (i, map, self->colour))
              continue;
            swatch.flags = legend[i].flags;
            swatch.mapcount = legend[i].mapcount;
            /* (the bar of a huge page over the fill most of them have: a
             * huge page is anonymous, not shared: by this process alone) */
            if ((swatch.flags & MS_PAGE_HUGE) && self->colour == MS_PAGE_COLOUR_SHARED)
              swatch.flags |= MS_PAGE_EXCLUSIVE;
            for (guint r = 0; r < map->n_runs; r++)
              if (legend_matches (i, &map->runs[r], self->colour))
                swatch.count += (map->runs[r].end - map->runs[r].start) / map->page_size;
            words = _(legend[i].label);
          }
        else if (i == G_N_ELEMENTS (legend))
          {
            if (per_cell == 1)
              continue;
            swatch.flags = MS_PAGE_PRESENT;
            swatch.mixed = TRUE;
            words = _("Partly resident: paler");
          }
        else
          {
            if (groups->len == pieces->len)
              continue;
            swatch.tick = TRUE;
            swatch.flags = MS_PAGE_PRESENT;
            words = _("The next region begins");
          }
        swatch.n_cells = swatch.tick ? 2 : SWATCH_CELLS;

        {
          g_autofree char *number = ms_format_count (swatch.count);
          /* TRANSLATORS: after a state in the page picture's legend: how
           * many pages are in it */
          g_autofree char *count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s page", "%s pages",
                                                                 (gulong) swatch.count), number);
          char *markup = swatch.tick || swatch.mixed
            ? plain (words)
            : g_markup_printf_escaped ("%s <span foreground=\"#%06x\">%s</span>", words, DETAIL_RGB, count);
          text = add_text (self, measure, MS_PAGE_PICTURE_TEXT_LEGEND, markup, 0, 0, -1, 13, TEXT_RGB);
        }
        item = swatch.n_cells * CELL + 6 + text->width;
        /* (swatches on the cells' grid: see the top of this file) */
        x = ceil (x / CELL) * CELL;
        if (x + item > PICTURE_WIDTH - MARGIN && x > MARGIN)
          {
            x = MARGIN;
            row_y += LEGEND_PITCH;
          }
        swatch.x = x;
        swatch.y = row_y + round ((LEGEND_PITCH - 2 - ROW_HEIGHT) / 2);
        text->x = x + swatch.n_cells * CELL + 6;
        text->y = row_y + round ((LEGEND_PITCH - 2 - text->height) / 2);
        g_array_append_val (self->swatches, swatch);
        x += item + 18;
      }
    y = row_y + LEGEND_PITCH + 6;
  }

  {
    MsPagePictureRect rule = { MS_PAGE_PICTURE_RECT_RULE, MARGIN, y, PICTURE_WIDTH - 2 * MARGIN, 1,
                               { 0xde / 255.0, 0xdd / 255.0, 0xda / 255.0 } };

    g_array_append_val (self->rects, rule);
  }
  return y + 12;
}

static void
reset (MsPagePictureLayout *self)
{
  g_array_set_size (self->texts, 0);
  g_array_set_size (self->swatches, 0);
  g_array_set_size (self->cells, 0);
  g_array_set_size (self->rects, 0);
  g_array_set_size (self->gaps, 0);
}

/* --- the body: a row per region ------------------------------------------------ */

static void
add_row_address (MsPagePictureLayout *self,
                 cairo_t             *measure,
                 guint64              address,
                 gboolean             first,
                 double               y)
{
  MsPagePictureText *text;

  text = add_text (self, measure, MS_PAGE_PICTURE_TEXT_ADDRESS, hex (address), MARGIN, y, GUTTER - 8, 11,
                   first ? TEXT_RGB : FAINT_RGB);
  text->address = address;
  text->first = first;
  text->y = y + round ((ROW_HEIGHT - text->height) / 2);
}

/* Appends the runs of @map in [@start, @end) to the layout's packed runs,
 * moved to @at: the pages of a group one after the other. */
static void
pack_runs (MsPagePictureLayout *self,
           const MsPageMap     *map,
           guint64              start,
           guint64              end,
           guint64              at)
{
  for (int i = MAX (ms_page_map_find (map, start), 0); (guint) i < map->n_runs && map->runs[i].start < end; i++)
    {
      MsPageRun run = map->runs[i];

      run.start = MAX (run.start, start) - start + at;
      run.end = MIN (run.end, end) - start + at;
      if (run.end > run.start)
        g_array_append_val (self->packed, run);
    }
}

static double
layout_body (MsPagePictureLayout *self,
             cairo_t             *measure,
             const MsPageMap     *map,
             const MsSnapshot    *snapshot,
             const GArray        *pieces,
             const GArray        *groups,
             double               y)
{
  guint64 per_cell = self->pages_per_cell;
  guint64 page_size = map->page_size;
  guint64 packed_at = 0;
  g_autoptr(GArray) elided = g_array_new (FALSE, FALSE, sizeof (guint64));

  for (guint g = 0; g < groups->len; g++)
    {
      const Group *group = &g_array_index (groups, Group, g);
      const Piece *first = &g_array_index (pieces, Piece, group->first);
      guint64 pages = group_pages (group, pieces, page_size);
      guint64 cells = (pages + per_cell - 1) / per_cell;
      guint64 rows = (cells + COLUMNS - 1) / COLUMNS;
      guint64 row_pages = COLUMNS * per_cell;
      gboolean beside = label_beside (group, cells);
      MsPagePictureText *label;
      double rows_y, label_x = CELLS_X, last_tick_x = -1, last_tick_y = -1;
      guint64 done = 0;

      if (g > 0 && group->hole > 0)
        {
          g_autofree char *size = ms_format_size (group->hole);
          /* TRANSLATORS: between two regions of the page picture: a size */
          g_autofree char *words = g_strdup_printf (_("%s unmapped"), size);
          double gap_y = y + HOLE_GAP / 2;
          MsPagePictureText *text;

          text = add_text (self, measure, MS_PAGE_PICTURE_TEXT_GAP, plain (words), MARGIN, 0, GUTTER - 8, 10,
                           FAINT_RGB);
          text->address = first->start;
          text->y = gap_y - round (text->height / 2);
          g_array_append_val (self->gaps, gap_y);
          y += HOLE_GAP;
        }
      else if (g > 0)
        y += GROUP_GAP;

      rows_y = beside ? y : y + LABEL_HEIGHT;
      if (beside)
        label_x = CELLS_X + cells * CELL + LABEL_SPACING;

      /* the kind's colour, then the label */
      if (group_has_mark (group, first))
        {
          const MsColor *kind = ms_kind_get_color ((MsKind) snapshot->regions[first->region].kind);
          MsPagePictureRect mark = { MS_PAGE_PICTURE_RECT_KIND, label_x, 0, 9, 9, { kind->red, kind->green, kind->blue } };

          mark.y = beside ? rows_y + (ROW_HEIGHT - 9) / 2 : y + 3;
          g_array_append_val (self->rects, mark);
          label_x += MARK_WIDTH;
        }
      label = add_text (self, measure, MS_PAGE_PICTURE_TEXT_LABEL, g_strdup (group->markup),
                        label_x, 0, PICTURE_WIDTH - MARGIN - label_x, LABEL_SIZE, TEXT_RGB);
      label->address = first->start;
      label->y = beside ? rows_y + round ((ROW_HEIGHT - label->height) / 2) : y + round ((LABEL_HEIGHT - 3 - label->height) / 2);

      /* the group's pages, packed one after the other: a stretch of cells a
       * row, its address on the left; long stretches of pages not present
       * a line that says so */
      g_array_set_size (elided, 0);
      find_elided (group, pages, per_cell, elided);
      for (guint64 row = 0, line = 0, e = 0; row < rows; row++, line++)
        {
          MsPagePictureCells stretch;
          guint64 first_page = row * row_pages;
          guint64 skipped = 0;
          guint k = 0;
          gboolean elide = e < elided->len && g_array_index (elided, guint64, e) == row;

          /* (the piece holding the row's first page) */
          while (k + 1 < group->n)
            {
              const Piece *piece = &g_array_index (pieces, Piece, group->first + k);
              guint64 n = (piece->end - piece->start) / page_size;

              if (skipped + n > first_page)
                break;
              skipped += n;
              k++;
            }
          stretch.address = g_array_index (pieces, Piece, group->first + k).start + (first_page - skipped) * page_size;
          stretch.start = (packed_at + first_page) * page_size;
          stretch.end = (packed_at + MIN (first_page + row_pages, pages)) * page_size;
          stretch.x = CELLS_X;
          stretch.y = rows_y + line * ROW_PITCH;
          add_row_address (self, measure, stretch.address, row == 0, stretch.y);
          if (elide)
            {
              guint64 last = g_array_index (elided, guint64, e + 1);
              guint64 n = MIN (last * row_pages, pages) - first_page;
              g_autofree char *size = ms_format_size (n * page_size);
              g_autofree char *count = ms_format_count (n);
              g_autofree char *words = NULL;
              MsPagePictureText *text;

              /* TRANSLATORS: in place of rows of the page picture: a size
               * and a number of pages */
              words = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "… %s not present (%s page) …",
                                                    "… %s not present (%s pages) …", (gulong) n), size, count);
              text = add_text (self, measure, MS_PAGE_PICTURE_TEXT_ELIDED, g_markup_printf_escaped ("<i>%s</i>", words),
                               CELLS_X, 0, COLUMNS * CELL, 10.5, DETAIL_RGB);
              text->address = stretch.address;
              text->y = stretch.y + round ((ROW_HEIGHT - text->height) / 2);
              row = last - 1;
              e += 2;
              continue;
            }
          g_array_append_val (self->cells, stretch);
        }

      for (guint i = 0; i < group->n; i++)
        {
          const Piece *piece = &g_array_index (pieces, Piece, group->first + i);

          pack_runs (self, map, piece->start, piece->end, (packed_at + done) * page_size);
          if (i > 0)
            {
              /* where the next region of a group begins: a tick, unless
               * right beside the last */
              guint64 row = done / row_pages, line = row;
              double x = CELLS_X + (double) (done % row_pages) / (double) per_cell * CELL - 1;
              double tick_y;

              /* (the rows left out before it each make a line) */
              for (guint e = 0; e + 1 < elided->len && g_array_index (elided, guint64, e) < row; e += 2)
                line -= MIN (g_array_index (elided, guint64, e + 1), row) - g_array_index (elided, guint64, e) - 1;
              tick_y = rows_y + line * ROW_PITCH - TICK_HEIGHT;

              if (!(tick_y == last_tick_y && x - last_tick_x < 3))
                {
                  MsPagePictureRect tick = { MS_PAGE_PICTURE_RECT_TICK, x, tick_y, 2, TICK_HEIGHT,
                                             { ((TICK_RGB >> 16) & 0xff) / 255.0, ((TICK_RGB >> 8) & 0xff) / 255.0,
                                               (TICK_RGB & 0xff) / 255.0 } };

                  g_array_append_val (self->rects, tick);
                  last_tick_x = x;
                  last_tick_y = tick_y;
                }
            }
          done += (piece->end - piece->start) / page_size;
        }
      packed_at += pages;
      y = rows_y + (rows - find_elided (group, pages, per_cell, NULL)) * ROW_PITCH;
    }
  return y;
}

/* The body's height, or G_MAXDOUBLE past @most. */
static double
body_height (const GArray *groups,
             const GArray *pieces,
             guint64       page_size,
             guint64       per_cell,
             double        most)
{
  double height = 0;

  for (guint g = 0; g < groups->len && height <= most; g++)
    {
      const Group *group = &g_array_index (groups, Group, g);
      guint64 cells = group_cells (group, pieces, page_size, per_cell);
      guint64 rows = (cells + COLUMNS - 1) / COLUMNS;

      rows -= find_elided (group, group_pages (group, pieces, page_size), per_cell, NULL);
      if (g > 0)
        height += group->hole > 0 ? HOLE_GAP : GROUP_GAP;
      if (!label_beside (group, cells))
        height += LABEL_HEIGHT;
      height += (double) rows * ROW_PITCH;
    }
  return height <= most ? height : G_MAXDOUBLE;
}

/* Measures each group's label. */
static void
measure_labels (GArray           *groups,
                const GArray     *pieces,
                const MsSnapshot *snapshot,
                guint64           page_size,
                cairo_t          *measure)
{
  for (guint g = 0; g < groups->len; g++)
    {
      Group *group = &g_array_index (groups, Group, g);
      const Piece *first = &g_array_index (pieces, Piece, group->first);
      MsPagePictureText text = { .size = LABEL_SIZE, .width = -1 };
      g_autoptr(PangoLayout) layout = NULL;
      int width;

      group->markup = group_markup (group, pieces, snapshot, page_size);
      text.markup = group->markup;
      layout = text_layout (measure, &text);
      pango_layout_get_pixel_size (layout, &width, NULL);
      group->label_width = width + (group_has_mark (group, first) ? MARK_WIDTH : 0);
    }
}

/* The smallest power of two of pages a cell that keeps the picture of
 * @groups within bounds, 0 when none does; its heading laid out. */
static guint64
fit (MsPagePictureLayout *self,
     cairo_t             *measure,
     const MsPageMap     *map,
     const MsSnapshot    *snapshot,
     const GArray        *pieces,
     const GArray        *groups,
     double              *body_y)
{
  for (guint64 per_cell = 1; per_cell <= (G_GUINT64_CONSTANT (1) << 40); per_cell *= 2)
    {
      double height;

      reset (self);
      *body_y = layout_heading (self, measure, map, snapshot, pieces, groups, per_cell);
      height = body_height (groups, pieces, map->page_size, per_cell,
                            MS_PAGE_PICTURE_MAX_HEIGHT - MARGIN - *body_y);
      if (height != G_MAXDOUBLE)
        return per_cell;
      /* (a cell of fewer pages than any group has, and still too high: so
       * are more pages a cell) */
      if (groups->len * (ROW_PITCH + GROUP_GAP) > MS_PAGE_PICTURE_MAX_HEIGHT)
        break;
    }
  return 0;
}

MsPagePictureLayout *
_ms_page_picture_layout (const MsPageMap  *map,
                         const MsSnapshot *snapshot,
                         MsPageColour      colour)
{
  MsPagePictureLayout *self = g_new0 (MsPagePictureLayout, 1);
  g_autoptr(GArray) pieces = NULL;
  g_autoptr(GArray) groups = NULL;
  cairo_surface_t *surface;
  cairo_t *measure;
  double body_y = 0, end_y;

  g_return_val_if_fail (map != NULL && map->n_runs > 0 && map->page_size > 0, NULL);

  self->page_size = map->page_size;
  self->cell_width = CELL;
  self->row_height = ROW_HEIGHT;
  self->colour = colour;
  self->texts = g_array_new (FALSE, TRUE, sizeof (MsPagePictureText));
  g_array_set_clear_func (self->texts, clear_text);
  self->swatches = g_array_new (FALSE, TRUE, sizeof (MsPagePictureSwatch));
  self->cells = g_array_new (FALSE, TRUE, sizeof (MsPagePictureCells));
  self->rects = g_array_new (FALSE, TRUE, sizeof (MsPagePictureRect));
  self->gaps = g_array_new (FALSE, TRUE, sizeof (double));
  self->packed = g_array_new (FALSE, FALSE, sizeof (MsPageRun));

  /* text is measured as it will be drawn: on an image surface */
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 1, 1);
  measure = cairo_create (surface);

  /* a region a row where that fits (with as many pages a cell as it takes);
   * else the regions of a file a row; else as many neighbours a row as it
   * takes (MS_PAGE_PICTURE_MAX_GROUPS rows: that always fits) */
  pieces = find_pieces (map, snapshot);
  self->n_pieces = pieces->len;
  for (Grouping grouping = GROUP_NONE; ; grouping++)
    {
      guint per_group = MAX (1, (pieces->len + MS_PAGE_PICTURE_MAX_GROUPS - 1) / MS_PAGE_PICTURE_MAX_GROUPS);

      g_clear_pointer (&groups, g_array_unref);
      groups = find_groups (pieces, snapshot, grouping, per_group);
      if (grouping == GROUP_EVENLY)
        {
          measure_labels (groups, pieces, snapshot, map->page_size, measure);
          find_absent (groups, pieces, map);
          self->pages_per_cell = fit (self, measure, map, snapshot, pieces, groups, &body_y);
          if (self->pages_per_cell == 0)
            {
              /* (cannot be: a cell for every page of the address space
               * leaves each row one cell) */
              self->pages_per_cell = G_GUINT64_CONSTANT (1) << 40;
              reset (self);
              body_y = layout_heading (self, measure, map, snapshot, pieces, groups, self->pages_per_cell);
            }
          break;
        }
      /* (a row each, at the least, must fit) */
      if (groups->len * (ROW_PITCH + GROUP_GAP) > MS_PAGE_PICTURE_MAX_HEIGHT)
        continue;
      measure_labels (groups, pieces, snapshot, map->page_size, measure);
      find_absent (groups, pieces, map);
      self->pages_per_cell = fit (self, measure, map, snapshot, pieces, groups, &body_y);
      if (self->pages_per_cell > 0)
        break;
    }
  self->n_groups = groups->len;
  end_y = layout_body (self, measure, map, snapshot, pieces, groups, body_y);

  self->width = (int) PICTURE_WIDTH;
  self->height = (int) ceil (end_y + MARGIN);

  cairo_destroy (measure);
  cairo_surface_destroy (surface);
  return self;
}

void
_ms_page_picture_layout_free (MsPagePictureLayout *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->texts);
  g_array_unref (self->swatches);
  g_array_unref (self->cells);
  g_array_unref (self->rects);
  g_array_unref (self->gaps);
  g_array_unref (self->packed);
  g_free (self);
}

/* --- drawing ------------------------------------------------------------------- */

/* The runs of @map that overlap [@start, @end): *@n_runs of them from the
 * one returned. */
static const MsPageRun *
runs_in (const MsPageRun *all,
         guint            n_all,
         guint64          start,
         guint64          end,
         guint           *n_runs)
{
  guint lo = 0, hi = n_all, last;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (all[mid].end <= start)
        lo = mid + 1;
      else
        hi = mid;
    }
  for (last = lo; last < n_all && all[last].start < end; last++)
    ;
  *n_runs = last - lo;
  return &all[lo];
}

static void
draw_swatch (const MsPagePictureLayout   *self,
             const MsPagePictureSwatch   *swatch,
             guint64                      page_size,
             cairo_t                     *cr)
{
  g_autoptr(GArray) runs = g_array_new (FALSE, FALSE, sizeof (MsPageRun));
  guint64 per_cell = self->pages_per_cell;

  if (swatch->tick)
    {
      /* over the boundary between its two cells, as in a row */
      set_hex (cr, TICK_RGB);
      cairo_rectangle (cr, swatch->x + CELL - 1, swatch->y - TICK_HEIGHT, 2, TICK_HEIGHT);
      cairo_fill (cr);
    }
  for (guint c = 0; c < swatch->n_cells; c++)
    {
      guint64 at = c * per_cell * page_size;
      guint64 half = swatch->mixed ? per_cell / 2 : per_cell;
      MsPageRun run = { at, at + half * page_size, swatch->flags, swatch->mapcount };

      g_array_append_val (runs, run);
      if (half < per_cell)
        {
          MsPageRun rest = { run.end, at + per_cell * page_size, 0, 0 };

          g_array_append_val (runs, rest);
        }
    }
  ms_page_texture_draw_cells (cr, (const MsPageRun *) (gpointer) runs->data, runs->len, page_size,
                              0, swatch->n_cells * per_cell * page_size, per_cell,
                              swatch->x, swatch->y, CELL, ROW_HEIGHT, self->colour);
}

void
_ms_page_picture_draw (const MsPagePictureLayout *self,
                       const MsPageMap           *map,
                       cairo_t                   *cr)
{
  static const double dashes[] = { 3.0, 3.0 };

  cairo_save (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);

  /* unmapped addresses: a dashed line across the cells */
  cairo_set_source_rgb (cr, 0xc0 / 255.0, 0xbf / 255.0, 0xbc / 255.0);
  cairo_set_line_width (cr, 1.0);
  cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
  for (guint i = 0; i < self->gaps->len; i++)
    {
      double y = floor (g_array_index (self->gaps, double, i)) + 0.5;

      cairo_move_to (cr, CELLS_X, y);
      cairo_line_to (cr, CELLS_X + COLUMNS * CELL, y);
    }
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);

  for (guint i = 0; i < self->cells->len; i++)
    {
      const MsPagePictureCells *stretch = &g_array_index (self->cells, MsPagePictureCells, i);
      guint n_runs;
      const MsPageRun *runs = runs_in ((const MsPageRun *) (gpointer) self->packed->data, self->packed->len,
                                       stretch->start, stretch->end, &n_runs);

      ms_page_texture_draw_cells (cr, runs, n_runs, map->page_size, stretch->start, stretch->end,
                                  self->pages_per_cell, stretch->x, stretch->y, CELL, ROW_HEIGHT, self->colour);
    }

  for (guint i = 0; i < self->rects->len; i++)
    {
      const MsPagePictureRect *rect = &g_array_index (self->rects, MsPagePictureRect, i);

      cairo_set_source_rgb (cr, rect->rgb[0], rect->rgb[1], rect->rgb[2]);
      if (rect->role == MS_PAGE_PICTURE_RECT_KIND)
        _ms_render_rounded_rect (cr, rect->x, rect->y, rect->width, rect->height, 2);
      else
        cairo_rectangle (cr, rect->x, rect->y, rect->width, rect->height);
      cairo_fill (cr);
    }

  for (guint i = 0; i < self->swatches->len; i++)
    draw_swatch (self, &g_array_index (self->swatches, MsPagePictureSwatch, i), map->page_size, cr);

  for (guint i = 0; i < self->texts->len; i++)
    {
      const MsPagePictureText *text = &g_array_index (self->texts, MsPagePictureText, i);
      g_autoptr(PangoLayout) layout = text_layout (cr, text);

      set_hex (cr, text->rgb);
      cairo_move_to (cr, text->x, text->y);
      pango_cairo_show_layout (cr, layout);
    }
  cairo_restore (cr);
}

static cairo_status_t
append_to_array (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

GBytes *
ms_page_picture_png (const MsPageMap  *map,
                     const MsSnapshot *snapshot,
                     MsPageColour      colour,
                     GError          **error)
{
  g_autoptr(MsPagePictureLayout) layout = NULL;
  g_autoptr(GByteArray) bytes = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  g_return_val_if_fail (map != NULL, NULL);
  g_return_val_if_fail (colour < MS_N_PAGE_COLOURS, NULL);

  if (map->n_runs == 0)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_EMPTY, _("There are no pages to draw"));
      return NULL;
    }

  layout = _ms_page_picture_layout (map, snapshot, colour);
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, layout->width, layout->height);
  cr = cairo_create (surface);
  _ms_page_picture_draw (layout, map, cr);
  status = cairo_status (cr);
  cairo_destroy (cr);
  bytes = g_byte_array_new ();
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_write_to_png_stream (surface, append_to_array, bytes);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_IO,
                   _("Could not encode the picture as PNG: %s"), cairo_status_to_string (status));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}
