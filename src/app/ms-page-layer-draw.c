/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-strip"

#include "config.h"

#include "ms-page-layer-private.h"

#include <glib/gi18n.h>

#include "ms-format.h"

/* Drawing the pages of the regions in view over the strip, the heat of
 * those too large for the zoom after a measurement, and their tooltips. */

#define CHUNK      (64u * PAGE)   /* visible ranges are read in whole chunks */

/* The share of @region used (or written) during the last measurement, or
 * -1 when there is none for it. */
static double
region_heat (MsPageLayer    *layer,
             const MsRegion *region)
{
  const MsActivityRegion *measured;

  if (layer->activity == NULL || (measured = ms_activity_find (layer->activity, region->start)) == NULL ||
      measured->start != region->start || measured->rss == 0)
    return -1.0;
  if (layer->activity->kind == MS_ACTIVITY_WRITES)
    return MIN (1.0, (double) measured->dirty_pages * PAGE / (double) measured->rss);
  return MIN (1.0, (double) measured->referenced / (double) measured->rss);
}

/* What @region (measured: region_heat() >= 0) used or wrote. */
static void
append_heat (MsPageLayer    *layer,
             const MsRegion *region,
             GString        *text)
{
  const MsActivityRegion *measured = ms_activity_find (layer->activity, region->start);
  g_autofree char *used = ms_format_size (layer->activity->kind == MS_ACTIVITY_WRITES
                                            ? measured->dirty_pages * PAGE : measured->referenced);
  g_autofree char *rss = ms_format_size (measured->rss);

  /* TRANSLATORS: after a measurement of activity: "12 kB of its 64 kB resident, in 5 s" */
  g_string_append_printf (text, layer->activity->kind == MS_ACTIVITY_WRITES
                                  ? _("The region wrote %s of its %s resident in %.0f s")
                                  : _("The region used %s of its %s resident in %.0f s"),
                          used, rss, layer->activity->seconds);
}

/* What the colour of a page means as drawn: written pages on a kernel that
 * does not track them would all read "not written", a wrong picture; they
 * are drawn by residency then, and the key and tooltips say why. */
static MsPageColour
drawn_colour (MsPageLayer *layer)
{
  if (layer->colour == MS_PAGE_COLOUR_DIRTY && !layer->writes_tracked)
    return MS_PAGE_COLOUR_RESIDENCY;
  return layer->colour;
}

/* After a measurement, in heat mode: the regions in view that show no pages
 * (too large for the zoom) are coloured by their heat as a whole, so that
 * the result shows at any zoom. @textures: the regions drawn as pages. */
static void
draw_region_heat (MsPageLayer             *layer,
                  GtkSnapshot             *snapshot,
                  const MsLayout          *layout,
                  const MsRenderOptions   *options,
                  const cairo_rectangle_t *area,
                  GArray                  *textures)
{
  cairo_rectangle_t strip;
  cairo_t *cr = NULL;
  guint first, end, t = 0;

  if (layer->colour != MS_PAGE_COLOUR_HEAT || layer->activity == NULL || layer->snapshot == NULL ||
      ms_layout_get_snapshot (layout) != layer->snapshot || layer->activity->pid != layer->snapshot->pid)
    return;
  ms_render_get_strip_area (options, area, &strip);
  ms_layout_get_visible (layout, options->view_start, options->view_end, &first, &end);
  for (guint i = first; i < end; i++)
    {
      const MsRegion *region = &layer->snapshot->regions[i];
      double heat = region_heat (layer, region);
      double x0, x1, rgb[3];

      while (t < textures->len && g_array_index (textures, MsPageLayerVisible, t).index < i)
        t++;
      if ((t < textures->len && g_array_index (textures, MsPageLayerVisible, t).index == i && _ms_page_layer_lookup (layer, region->start) != NULL) ||
          heat < 0 || !ms_render_get_region_extent (layout, options, area, i, &x0, &x1) || x1 - x0 < 1)
        continue;
      x0 = MAX (x0, strip.x);
      x1 = MIN (x1, strip.x + strip.width);
      if (x1 <= x0)
        continue;
      if (cr == NULL)
        cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (strip.x, strip.y, strip.width, strip.height));
      ms_page_texture_get_fill (MS_PAGE_PRESENT, 0, MS_PAGE_COLOUR_HEAT, heat, rgb);
      cairo_set_source_rgb (cr, rgb[0], rgb[1], rgb[2]);
      /* (the region's own colour left as a band along the bottom, as under
       * pages) */
      cairo_rectangle (cr, x0, strip.y, x1 - x0, strip.height - 4);
      cairo_fill (cr);
    }
  if (cr != NULL)
    cairo_destroy (cr);
}

void
_ms_page_layer_snapshot (MsPageLayer             *layer,
                         GtkSnapshot             *snapshot,
                         const MsLayout          *layout,
                         const MsRenderOptions   *options,
                         const cairo_rectangle_t *area)
{
  g_autoptr(GArray) visible = g_array_new (FALSE, FALSE, sizeof (MsPageLayerVisible));
  g_autoptr(GArray) missing = g_array_new (FALSE, FALSE, sizeof (guint64));
  cairo_rectangle_t strip;
  cairo_t *cr = NULL;

  _ms_page_layer_find_visible (layer, layout, options, area, visible);
  _ms_page_layer_set_shown (layer, visible->len > 0 && !layer->unreadable);
  draw_region_heat (layer, snapshot, layout, options, area, visible);
  if (visible->len == 0)
    return;
  ms_render_get_strip_area (options, area, &strip);

  for (guint i = 0; i < visible->len; i++)
    {
      const MsPageLayerVisible *v = &g_array_index (visible, MsPageLayerVisible, i);
      const MsRegion *region = &layer->snapshot->regions[v->index];
      MsPageLayerEntry *entry = _ms_page_layer_lookup (layer, region->start);

      /* (its pages could not be read: the region's own colour stays) */
      if (g_hash_table_contains (layer->failed, &region->start))
        continue;
      if (entry == NULL || entry->start > v->start || entry->end < v->end || entry->generation != layer->generation)
        {
          /* read a little more than is visible: a small pan needs no new read */
          guint64 span[2] = { MAX (region->start, v->start - MIN (v->start, (guint64) CHUNK)),
                              MIN (region->end, v->end + CHUNK) };

          span[0] -= span[0] % PAGE;
          g_array_append_vals (missing, span, 2);
        }
      if (entry == NULL)
        continue;

      if (cr == NULL)
        cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (strip.x, strip.y, strip.width, strip.height));
      /* the strip's background under the pages, the region's own colour
       * left as a thin band along the bottom */
      cairo_set_source_rgb (cr, options->background.red, options->background.green, options->background.blue);
      cairo_rectangle (cr, v->cx0, strip.y, v->cx1 - v->cx0, strip.height - 4);
      cairo_fill (cr);
      {
        guint64 start = MAX (entry->start, v->start);
        guint64 end = MIN (entry->end, v->end);
        double x0 = v->x0 + (double) (start - region->start) / (double) ms_region_get_size (region) * (v->x1 - v->x0);
        double x1 = v->x0 + (double) (end - region->start) / (double) ms_region_get_size (region) * (v->x1 - v->x0);

        const MsPageRun *runs = (const MsPageRun *) (gpointer) entry->runs->data;
        guint n_runs = entry->runs->len;
        double heat = region_heat (layer, region);
        g_autoptr(GArray) marked = NULL;

        /* idle page tracking knows which pages were used: each its own heat */
        if (layer->colour == MS_PAGE_COLOUR_HEAT && heat >= 0 && layer->activity->accessed != NULL)
          {
            marked = g_array_new (FALSE, FALSE, sizeof (MsPageRun));
            ms_activity_mark_runs (layer->activity, runs, n_runs, marked);
            runs = (const MsPageRun *) (gpointer) marked->data;
            n_runs = marked->len;
            heat = -1.0;
          }
        ms_page_texture_draw_heat (cr, runs, n_runs, PAGE, start, end, x0, strip.y + 2, x1 - x0, strip.height - 8,
                                   drawn_colour (layer), heat);
      }
    }
  if (cr != NULL)
    cairo_destroy (cr);
  _ms_page_layer_request (layer, missing);
}

char *
_ms_page_layer_describe_at (MsPageLayer             *layer,
                            const MsLayout          *layout,
                            const MsRenderOptions   *options,
                            const cairo_rectangle_t *area,
                            double                   x,
                            double                   y,
                            cairo_rectangle_t       *tip)
{
  g_autoptr(GArray) visible = g_array_new (FALSE, FALSE, sizeof (MsPageLayerVisible));
  cairo_rectangle_t strip;

  _ms_page_layer_find_visible (layer, layout, options, area, visible);
  ms_render_get_strip_area (options, area, &strip);
  if (y < strip.y || y >= strip.y + strip.height)
    return NULL;

  for (guint i = 0; i < visible->len; i++)
    {
      const MsPageLayerVisible *v = &g_array_index (visible, MsPageLayerVisible, i);
      const MsRegion *region = &layer->snapshot->regions[v->index];
      MsPageLayerEntry *entry = _ms_page_layer_lookup (layer, region->start);
      double width = v->x1 - v->x0;
      guint64 address;
      g_autofree char *state = NULL;
      g_autofree char *size = NULL;
      const MsPageRun *run = NULL;
      guint64 pages;

      if (x < v->cx0 || x >= v->cx1 || entry == NULL)
        continue;
      address = region->start + (guint64) ((x - v->x0) / width * (double) ms_region_get_size (region));
      for (guint r = 0; r < entry->runs->len; r++)
        {
          const MsPageRun *candidate = &g_array_index (entry->runs, MsPageRun, r);

          if (address >= candidate->start && address < candidate->end)
            {
              run = candidate;
              break;
            }
        }
      if (run == NULL)
        return NULL;

      pages = (run->end - run->start) / PAGE;
      state = ms_page_flags_describe (run->flags);
      size = ms_format_size (run->end - run->start);
      tip->x = MAX (v->x0 + (double) (run->start - region->start) / (double) ms_region_get_size (region) * width, v->cx0);
      tip->width = MIN (v->x0 + (double) (run->end - region->start) / (double) ms_region_get_size (region) * width, v->cx1) - tip->x;
      tip->y = strip.y;
      tip->height = strip.height;
      {
        g_autofree char *escaped = g_markup_escape_text (state, -1);
        /* TRANSLATORS: a number of pages and their size, "3 pages (12.3 kB)" */
        g_autofree char *pages_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lu page (%s)", "%lu pages (%s)",
                                                                    (gulong) MIN (pages, G_MAXULONG)),
                                                       (gulong) MIN (pages, G_MAXULONG), size);
        GString *text = g_string_new (NULL);

        g_string_append_printf (text, "<b>%s</b>\n<tt>0x%" G_GINT64_MODIFIER "x–0x%" G_GINT64_MODIFIER "x</tt>\n%s\n%s",
                                _("Pages"), run->start, run->end, pages_text, escaped);
        /* (only what is in view and a little around is read: a run cut
         * there may go on, and its count is not the whole run's) */
        if ((run->start == entry->start && entry->start > region->start) ||
            (run->end == entry->end && entry->end < region->end))
          {
            g_string_append_c (text, '\n');
            g_string_append (text, _("The same may go on past the part read, around what is in view"));
          }
        if (layer->colour == MS_PAGE_COLOUR_HEAT && region_heat (layer, region) >= 0)
          {
            g_string_append_c (text, '\n');
            append_heat (layer, region, text);
          }
        else if (layer->colour == MS_PAGE_COLOUR_DIRTY && !layer->writes_tracked)
          {
            g_string_append_c (text, '\n');
            g_string_append (text, _("This kernel does not track written pages: it was built without soft-dirty tracking (CONFIG_MEM_SOFT_DIRTY)"));
          }
        else if (layer->colour == MS_PAGE_COLOUR_HEAT)
          {
            g_string_append_c (text, '\n');
            g_string_append (text, _("Not measured yet: Measure Activity in the Pages menu"));
          }
        if (layer->colour == MS_PAGE_COLOUR_SHARED && (run->flags & MS_PAGE_PRESENT) &&
            !(run->flags & MS_PAGE_EXCLUSIVE) && run->mapcount == 0)
          {
            g_string_append_c (text, '\n');
            g_string_append (text, _("Shared; how many processes map it, only an administrator can read"));
          }
        if (run->mapcount > 0)
          {
            g_string_append_c (text, '\n');
            g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "Mapped %u time (by this and other processes)",
                                                       "Mapped %u times (by this and other processes)", run->mapcount),
                                    run->mapcount);
          }
        return g_string_free (text, FALSE);
      }
    }
  return NULL;
}

char *
_ms_page_layer_describe_region (MsPageLayer             *layer,
                                const MsLayout          *layout,
                                const MsRenderOptions   *options,
                                const cairo_rectangle_t *area,
                                guint                    index)
{
  g_autoptr(GArray) visible = g_array_new (FALSE, FALSE, sizeof (MsPageLayerVisible));
  GString *text;
  const MsRegion *region;
  const char *failed;

  if (layer->snapshot == NULL || ms_layout_get_snapshot (layout) != layer->snapshot ||
      index >= layer->snapshot->n_regions)
    return NULL;
  region = &layer->snapshot->regions[index];
  text = g_string_new (NULL);
  if (layer->colour == MS_PAGE_COLOUR_HEAT && region_heat (layer, region) >= 0)
    append_heat (layer, region, text);
  if ((failed = g_hash_table_lookup (layer->failed, &region->start)) != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (failed, -1);

      if (text->len > 0)
        g_string_append_c (text, '\n');
      /* TRANSLATORS: in a region's tooltip; %s says why */
      g_string_append_printf (text, _("Its pages could not be read: %s"), escaped);
    }
  else if (g_strcmp0 (region->path, "[vsyscall]") != 0)
    {
      gboolean shown = FALSE;

      _ms_page_layer_find_visible (layer, layout, options, area, visible);
      for (guint i = 0; i < visible->len && !shown; i++)
        shown = g_array_index (visible, MsPageLayerVisible, i).index == index;
      if (!shown)
        {
          if (text->len > 0)
            g_string_append_c (text, '\n');
          g_string_append_printf (text, "<i>%s</i>", _("Zoom in to see its pages"));
        }
    }
  if (text->len == 0)
    {
      g_string_free (text, TRUE);
      return NULL;
    }
  return g_string_free (text, FALSE);
}
