/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-render"

#include "config.h"

#include "ms-page-picture-private.h"

#include <glib/gi18n-lib.h>

#include "ms-format.h"
#include "ms-render-private.h"

/* The page picture's regions (ms-page-picture.c): the map's pages cut by
 * region, the regions grouped under labels, their labels, and the long
 * stretches of pages not present that the picture leaves out. */

/* The map's runs cut where the snapshot's regions begin and end. */
GArray *
_ms_page_picture_find_pieces (const MsPageMap  *map,
                              const MsSnapshot *snapshot)
{
  GArray *pieces = g_array_new (FALSE, FALSE, sizeof (MsPagePicturePiece));
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
          MsPagePicturePiece *last = NULL;

          if (pieces->len > 0)
            last = &g_array_index (pieces, MsPagePicturePiece, pieces->len - 1);
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
              MsPagePicturePiece piece = { a, b, r, 0 };

              g_array_append_val (pieces, piece);
              last = &g_array_index (pieces, MsPagePicturePiece, pieces->len - 1);
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
            const MsPagePicturePiece      *piece)
{
  return piece->region >= 0 ? snapshot->regions[piece->region].path : NULL;
}

static gboolean
same_file (const MsSnapshot *snapshot,
           const GArray     *pieces,
           guint             i)
{
  const char *path = piece_path (snapshot, &g_array_index (pieces, MsPagePicturePiece, i));

  return i > 0 && path != NULL && path[0] == '/' &&
         g_strcmp0 (path, piece_path (snapshot, &g_array_index (pieces, MsPagePicturePiece, i - 1))) == 0;
}

static void
clear_group (gpointer data)
{
  MsPagePictureGroup *group = data;

  g_free (group->markup);
  g_clear_pointer (&group->absent, g_array_unref);
}

GArray *
_ms_page_picture_find_groups (const GArray     *pieces,
                              const MsSnapshot *snapshot,
                              MsPagePictureGrouping          grouping,
                              guint             per_group)
{
  GArray *groups = g_array_new (FALSE, FALSE, sizeof (MsPagePictureGroup));

  g_array_set_clear_func (groups, clear_group);
  for (guint i = 0; i < pieces->len; i++)
    {
      const MsPagePicturePiece *piece = &g_array_index (pieces, MsPagePicturePiece, i);
      MsPagePictureGroup *last = groups->len > 0 ? &g_array_index (groups, MsPagePictureGroup, groups->len - 1) : NULL;
      gboolean join = FALSE;

      if (last != NULL && grouping == MS_PAGE_PICTURE_GROUP_BY_FILE)
        join = same_file (snapshot, pieces, i);
      else if (last != NULL && grouping == MS_PAGE_PICTURE_GROUP_EVENLY)
        /* (at least @per_group a group: no more groups than that allows,
         * and the regions of a file stay together) */
        join = last->n < per_group || same_file (snapshot, pieces, i);

      if (join)
        last->n++;
      else
        {
          MsPagePictureGroup group = { i, 1, 0, NULL, 0, NULL };

          if (i > 0)
            group.hole = piece->start - g_array_index (pieces, MsPagePicturePiece, i - 1).end;
          g_array_append_val (groups, group);
        }
    }
  return groups;
}

gboolean
_ms_page_picture_group_has_mark (const MsPagePictureGroup *group,
                                 const MsPagePicturePiece *first)
{
  return group->n == 1 && first->region >= 0;
}

guint64
_ms_page_picture_group_pages (const MsPagePictureGroup  *group,
                              const GArray *pieces,
                              guint64       page_size)
{
  guint64 pages = 0;

  for (guint i = 0; i < group->n; i++)
    {
      const MsPagePicturePiece *piece = &g_array_index (pieces, MsPagePicturePiece, group->first + i);

      pages += (piece->end - piece->start) / page_size;
    }
  return pages;
}

/* A group's pages one after the other, @per_cell a cell. */
static gboolean
run_absent (const MsPageRun *run)
{
  return (run->flags & (MS_PAGE_PRESENT | MS_PAGE_SWAPPED | MS_PAGE_GUARD)) == 0;
}

/* Finds each group's long stretches of pages not present. */
void
_ms_page_picture_find_absent (GArray          *groups,
                              const GArray    *pieces,
                              const MsPageMap *map)
{
  for (guint g = 0; g < groups->len; g++)
    {
      MsPagePictureGroup *group = &g_array_index (groups, MsPagePictureGroup, g);
      guint64 offset = 0, from = 0;
      gboolean in_absent = FALSE;

      group->absent = g_array_new (FALSE, FALSE, sizeof (guint64));
      for (guint i = 0; i < group->n; i++)
        {
          const MsPagePicturePiece *piece = &g_array_index (pieces, MsPagePicturePiece, group->first + i);

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

                  if (offset - from >= _MS_PAGE_PICTURE_ABSENT_ROWS * _MS_PAGE_PICTURE_COLUMNS)
                    g_array_append_vals (group->absent, stretch, 2);
                  in_absent = FALSE;
                }
              offset += n;
            }
          /* (a stretch left out stays in one region: the ticks between
           * the regions of a group stay in sight) */
          if (in_absent && offset - from >= _MS_PAGE_PICTURE_ABSENT_ROWS * _MS_PAGE_PICTURE_COLUMNS)
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
guint64
_ms_page_picture_find_elided (const MsPagePictureGroup *group,
                              guint64      pages,
                              guint64      per_cell,
                              GArray      *out)
{
  guint64 row_pages = _MS_PAGE_PICTURE_COLUMNS * per_cell;
  guint64 fewer = 0;

  for (guint i = 0; i + 1 < group->absent->len; i += 2)
    {
      guint64 a = g_array_index (group->absent, guint64, i);
      guint64 b = g_array_index (group->absent, guint64, i + 1);
      guint64 first = (a + row_pages - 1) / row_pages;
      /* (a last row cut short counts as a whole one) */
      guint64 last = b == pages ? (b + row_pages - 1) / row_pages : b / row_pages;

      if (last >= first + _MS_PAGE_PICTURE_ABSENT_ROWS)
        {
          guint64 rows[2] = { first, last };

          if (out != NULL)
            g_array_append_vals (out, rows, 2);
          fewer += last - first - 1;
        }
    }
  return fewer;
}

/* The label of a group: a region's name (in bold), kind, permissions and
 * size, or how many regions a group holds, from which to which. What came
 * from the process is escaped: names are text, not markup. */
char *
_ms_page_picture_group_markup (const MsPagePictureGroup      *group,
                               const GArray     *pieces,
                               const MsSnapshot *snapshot,
                               guint64           page_size)
{
  const MsPagePicturePiece *first = &g_array_index (pieces, MsPagePicturePiece, group->first);
  const MsPagePicturePiece *last = &g_array_index (pieces, MsPagePicturePiece, group->first + group->n - 1);
  guint64 pages = 0, present = 0;
  g_autofree char *size = NULL;
  g_autofree char *n_present = NULL;
  g_autofree char *n_pages = NULL;
  g_autofree char *amount = NULL;
  GString *markup = g_string_new (NULL);

  for (guint i = 0; i < group->n; i++)
    {
      const MsPagePicturePiece *piece = &g_array_index (pieces, MsPagePicturePiece, group->first + i);

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
      g_string_append_printf (markup, "<b>%s</b><span foreground=\"#%06x\">", escaped, _MS_PAGE_PICTURE_DETAIL_RGB);
      if (g_strcmp0 (name, kind) != 0)
        g_string_append_printf (markup, "  %s ·", kind);
      g_string_append_printf (markup, " %s · %s · %s</span>", perms, size, amount);
    }
  else if (group->n == 1)
    {
      g_string_append_printf (markup, "<b>%s</b><span foreground=\"#%06x\"> · %s · %s</span>",
                              _("Unmapped since its pages were read"), _MS_PAGE_PICTURE_DETAIL_RGB, size, amount);
    }
  else
    {
      g_autofree char *from = first->region >= 0 ? _ms_render_region_name (&snapshot->regions[first->region])
                                                 : g_strdup ("?");
      g_autofree char *to = last->region >= 0 ? _ms_render_region_name (&snapshot->regions[last->region])
                                             : g_strdup ("?");
      g_autofree char *from_escaped = g_markup_escape_text (from, -1);
      g_autofree char *to_escaped = g_markup_escape_text (to, -1);
      g_autofree char *count = ms_format_count (group->n);
      g_autofree char *heading = NULL;

      /* TRANSLATORS: a group of regions in the page picture */
      heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s region", "%s regions", group->n), count);
      g_string_append_printf (markup, "<b>%s</b><span foreground=\"#%06x\">  %s",
                              heading, _MS_PAGE_PICTURE_DETAIL_RGB, from_escaped);
      if (g_strcmp0 (from, to) != 0)
        g_string_append_printf (markup, " … %s", to_escaped);
      g_string_append_printf (markup, " · %s · %s</span>", size, amount);
    }
  return g_string_free (markup, FALSE);
}
