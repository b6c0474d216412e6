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
#define COLUMNS         _MS_PAGE_PICTURE_COLUMNS
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
#define DETAIL_RGB      _MS_PAGE_PICTURE_DETAIL_RGB
#define FAINT_RGB       0x9a9996
#define TICK_RGB        0x241f31

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

static guint64
group_cells (const MsPagePictureGroup  *group,
             const GArray *pieces,
             guint64       page_size,
             guint64       per_cell)
{
  return (_ms_page_picture_group_pages (group, pieces, page_size) + per_cell - 1) / per_cell;
}

/* Whether a group's label goes beside its cells (one row with room for the
 * whole label) rather than on a line above them. */
static gboolean
label_beside (const MsPagePictureGroup *group,
              guint64      cells)
{
  return cells <= COLUMNS && (COLUMNS - cells) * CELL - LABEL_SPACING >= group->label_width;
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

/* Adds the tick that marks where a region of a group begins, its top left
 * at @x, @y. */
static void
add_tick (MsPagePictureLayout *self,
          double               x,
          double               y)
{
  MsPagePictureRect tick = { MS_PAGE_PICTURE_RECT_TICK, x, y, 2, TICK_HEIGHT,
                             { ((TICK_RGB >> 16) & 0xff) / 255.0, ((TICK_RGB >> 8) & 0xff) / 255.0,
                               (TICK_RGB & 0xff) / 255.0 } };

  g_array_append_val (self->rects, tick);
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

    text = _ms_page_picture_add_text (self, measure, MS_PAGE_PICTURE_TEXT_TITLE, bold (title),
                                      MARGIN, y, width, 17, TEXT_RGB);
    y += text->height + 4;
  }
  {
    g_autofree char *from = ms_format_hex (map->runs[0].start);
    g_autofree char *to = ms_format_hex (map->runs[map->n_runs - 1].end);
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
    text = _ms_page_picture_add_text (self, measure, MS_PAGE_PICTURE_TEXT_NOTE, plain (line),
                                      MARGIN, y, width, 13, TEXT_RGB);
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
    text = _ms_page_picture_add_text (self, measure, MS_PAGE_PICTURE_TEXT_NOTE, plain (line),
                                      MARGIN, y, width, 13, DETAIL_RGB);
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
      text = _ms_page_picture_add_text (self, measure, MS_PAGE_PICTURE_TEXT_NOTE, plain (line),
                                        MARGIN, y, width, 13, DETAIL_RGB);
      y += text->height + 2;
    }
  if (!map->zero_huge_known)
    {
      text = _ms_page_picture_add_text (self, measure, MS_PAGE_PICTURE_TEXT_NOTE,
                                        plain (_("Without PAGEMAP_SCAN (Linux 6.7) or administrator rights the "
                                                 "kernel hides which pages are the zero page or huge: they are "
                                                 "drawn as other resident pages.")),
                                        MARGIN, y, width, 13, DETAIL_RGB);
      y += text->height + 2;
    }
  if (!map->pfns_visible && (self->colour == MS_PAGE_COLOUR_SHARED || self->colour == MS_PAGE_COLOUR_HEAT))
    {
      const char *line = self->colour == MS_PAGE_COLOUR_SHARED
        ? _("Only administrators can see how many mappings share a page: here a page is either this "
            "process’s alone or shared.")
        : _("Only administrators can see which pages were referenced: here none is.");

      text = _ms_page_picture_add_text (self, measure, MS_PAGE_PICTURE_TEXT_NOTE, plain (line),
                                        MARGIN, y, width, 13, DETAIL_RGB);
      y += text->height + 2;
    }

  /* the legend: what colour means, then each swatch and its words */
  {
    /* TRANSLATORS: the page picture's legend begins with what colour
     * means: "Colour: Residency" */
    g_autofree char *lead = g_strdup_printf (_("Colour: %s"), ms_page_colour_get_label (self->colour));
    double x = MARGIN, row_y = y + 8;
    guint n = G_N_ELEMENTS (legend) + 2;

    text = _ms_page_picture_add_text (self, measure, MS_PAGE_PICTURE_TEXT_LEGEND, bold (lead),
                                      x, row_y, -1, 13, TEXT_RGB);
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
          text = _ms_page_picture_add_text (self, measure, MS_PAGE_PICTURE_TEXT_LEGEND, markup, 0, 0, -1, 13, TEXT_RGB);
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
        if (swatch.tick)
          {
            /* over the boundary between its two cells, as in a row */
            add_tick (self, x + CELL - 1, swatch.y - TICK_HEIGHT);
          }
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

  text = _ms_page_picture_add_text (self, measure, MS_PAGE_PICTURE_TEXT_ADDRESS, ms_format_hex (address),
                                    MARGIN, y, GUTTER - 8, 11, first ? TEXT_RGB : FAINT_RGB);
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
      const MsPagePictureGroup *group = &g_array_index (groups, MsPagePictureGroup, g);
      const MsPagePicturePiece *first = &g_array_index (pieces, MsPagePicturePiece, group->first);
      guint64 pages = _ms_page_picture_group_pages (group, pieces, page_size);
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

          text = _ms_page_picture_add_text (self, measure, MS_PAGE_PICTURE_TEXT_GAP, plain (words),
                                            MARGIN, 0, GUTTER - 8, 10, FAINT_RGB);
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
      if (_ms_page_picture_group_has_mark (group, first))
        {
          const MsColor *kind = ms_kind_get_color ((MsKind) snapshot->regions[first->region].kind);
          MsPagePictureRect mark = { MS_PAGE_PICTURE_RECT_KIND, label_x, 0, 9, 9,
                                     { kind->red, kind->green, kind->blue } };

          mark.y = beside ? rows_y + (ROW_HEIGHT - 9) / 2 : y + 3;
          g_array_append_val (self->rects, mark);
          label_x += MARK_WIDTH;
        }
      label = _ms_page_picture_add_text (self, measure, MS_PAGE_PICTURE_TEXT_LABEL, g_strdup (group->markup),
                                         label_x, 0, PICTURE_WIDTH - MARGIN - label_x, LABEL_SIZE, TEXT_RGB);
      label->address = first->start;
      label->y = beside ? rows_y + round ((ROW_HEIGHT - label->height) / 2)
                        : y + round ((LABEL_HEIGHT - 3 - label->height) / 2);

      /* the group's pages, packed one after the other: a stretch of cells a
       * row, its address on the left; long stretches of pages not present
       * a line that says so */
      g_array_set_size (elided, 0);
      _ms_page_picture_find_elided (group, pages, per_cell, elided);
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
              const MsPagePicturePiece *piece = &g_array_index (pieces, MsPagePicturePiece, group->first + k);
              guint64 n = (piece->end - piece->start) / page_size;

              if (skipped + n > first_page)
                break;
              skipped += n;
              k++;
            }
          stretch.address = g_array_index (pieces, MsPagePicturePiece, group->first + k).start +
                            (first_page - skipped) * page_size;
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
              text = _ms_page_picture_add_text (self, measure, MS_PAGE_PICTURE_TEXT_ELIDED,
                                                g_markup_printf_escaped ("<i>%s</i>", words),
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
          const MsPagePicturePiece *piece = &g_array_index (pieces, MsPagePicturePiece, group->first + i);

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
                  add_tick (self, x, tick_y);
                  last_tick_x = x;
                  last_tick_y = tick_y;
                }
            }
          done += (piece->end - piece->start) / page_size;
        }
      packed_at += pages;
      y = rows_y + (rows - _ms_page_picture_find_elided (group, pages, per_cell, NULL)) * ROW_PITCH;
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
      const MsPagePictureGroup *group = &g_array_index (groups, MsPagePictureGroup, g);
      guint64 cells = group_cells (group, pieces, page_size, per_cell);
      guint64 rows = (cells + COLUMNS - 1) / COLUMNS;

      rows -= _ms_page_picture_find_elided (group, _ms_page_picture_group_pages (group, pieces, page_size),
                                            per_cell, NULL);
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
      MsPagePictureGroup *group = &g_array_index (groups, MsPagePictureGroup, g);
      const MsPagePicturePiece *first = &g_array_index (pieces, MsPagePicturePiece, group->first);
      MsPagePictureText text = { .size = LABEL_SIZE, .width = -1 };
      g_autoptr(PangoLayout) layout = NULL;
      int width;

      group->markup = _ms_page_picture_group_markup (group, pieces, snapshot, page_size);
      text.markup = group->markup;
      layout = _ms_page_picture_text_layout (measure, &text);
      pango_layout_get_pixel_size (layout, &width, NULL);
      group->label_width = width + (_ms_page_picture_group_has_mark (group, first) ? MARK_WIDTH : 0);
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
  self->cells_x = CELLS_X;
  self->cells_width = COLUMNS * CELL;
  self->colour = colour;
  self->texts = g_array_new (FALSE, TRUE, sizeof (MsPagePictureText));
  g_array_set_clear_func (self->texts, _ms_page_picture_clear_text);
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
  pieces = _ms_page_picture_find_pieces (map, snapshot);
  self->n_pieces = pieces->len;
  for (MsPagePictureGrouping grouping = MS_PAGE_PICTURE_GROUP_NONE; ; grouping++)
    {
      guint per_group = MAX (1, (pieces->len + MS_PAGE_PICTURE_MAX_GROUPS - 1) / MS_PAGE_PICTURE_MAX_GROUPS);

      g_clear_pointer (&groups, g_array_unref);
      groups = _ms_page_picture_find_groups (pieces, snapshot, grouping, per_group);
      if (grouping == MS_PAGE_PICTURE_GROUP_EVENLY)
        {
          measure_labels (groups, pieces, snapshot, map->page_size, measure);
          _ms_page_picture_find_absent (groups, pieces, map);
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
      _ms_page_picture_find_absent (groups, pieces, map);
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

