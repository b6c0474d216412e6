/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-strip"

#include "config.h"

#include "ms-strip.h"

#include <glib/gi18n.h>
#include <math.h>

#include "ms-format.h"
#include "ms-render.h"
#include "ms-render-compare.h"
#include "ms-strip-private.h"
#include "ms-text.h"

/* Room around the strip for the focus ring. */
#define PAD                4
#define STRIP_MIN_HEIGHT   56
#define STRIP_NAT_HEIGHT   72
#define ZOOM_STEP          2.0


G_DEFINE_FINAL_TYPE (MsStrip, ms_strip, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_SNAPSHOT,
  PROP_SCALE_MODE,
  PROP_SELECTED,
  PROP_HIGHLIGHT_KIND,
  PROP_CAN_ZOOM_IN,
  PROP_CAN_ZOOM_OUT,
  PROP_ZOOM,
  PROP_PAGE_COLOUR,
  PROP_PAGES_SHOWN,
  PROP_COMPARE,
  N_PROPS
};

enum {
  HOVERED,
  REGION_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void on_session_snapshot (MsStrip *self);
static void on_pages_shown (MsStrip *self);
static void on_session_selected (MsStrip *self);

/* Geometry ---------------------------------------------------------------- */

static void
get_area (MsStrip           *self,
          cairo_rectangle_t *area)
{
  area->x = PAD;
  area->y = PAD;
  area->width = MAX (0, gtk_widget_get_width (GTK_WIDGET (self)) - 2 * PAD);
  area->height = MAX (0, gtk_widget_get_height (GTK_WIDGET (self)) - 2 * PAD);
}

static void
get_options (MsStrip         *self,
             MsRenderOptions *options)
{
  ms_render_options_init (options);
  options->view_start = self->view_start;
  options->view_end = self->view_end;
  options->scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  options->highlight_kind = self->highlight_kind;
  options->foreground = self->foreground;
  options->background = self->background;
  options->font = self->font;
  options->ruler_height = self->ruler_height;
  options->corner_radius = 6;
}

void
_ms_strip_get_strip_area (MsStrip           *self,
                cairo_rectangle_t *strip)
{
  MsRenderOptions options;
  cairo_rectangle_t area;

  get_area (self, &area);
  get_options (self, &options);
  ms_render_get_strip_area (&options, &area, strip);
}

static guint
get_n_columns (MsStrip *self)
{
  MsRenderOptions options;
  cairo_rectangle_t strip;

  _ms_strip_get_strip_area (self, &strip);
  get_options (self, &options);
  return MAX (ms_render_get_n_columns (&options, &strip), 1);
}

/* Axis position under widget x (unclamped). */
static double
axis_at_x (MsStrip *self,
           double   x)
{
  cairo_rectangle_t strip;

  _ms_strip_get_strip_area (self, &strip);
  if (strip.width <= 0)
    return self->view_start;
  return self->view_start + (x - strip.x) / strip.width * (self->view_end - self->view_start);
}

double
_ms_strip_fraction_at_x (MsStrip *self,
               double   x)
{
  cairo_rectangle_t strip;

  _ms_strip_get_strip_area (self, &strip);
  if (strip.width <= 0)
    return 0.5;
  return CLAMP ((x - strip.x) / strip.width, 0.0, 1.0);
}

/* Drawing state ----------------------------------------------------------- */

void
_ms_strip_invalidate (MsStrip *self)
{
  g_clear_pointer (&self->base, gsk_render_node_unref);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static MsColor
color_from_rgba (const GdkRGBA *rgba)
{
  MsColor c = { rgba->red, rgba->green, rgba->blue };

  return c;
}

static void
update_style (MsStrip *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  PangoContext *context = gtk_widget_get_pango_context (widget);
  const PangoFontDescription *base_font = pango_context_get_font_description (context);
  GtkStyleContext *style;
  GdkRGBA fg, bg;
  gboolean dark;
  int size;

#if GTK_CHECK_VERSION (4, 10, 0)
  gtk_widget_get_color (widget, &fg);
#else
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
#endif
  self->foreground = color_from_rgba (&fg);
  dark = 0.2126 * fg.red + 0.7152 * fg.green + 0.0722 * fg.blue > 0.5;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  style = gtk_widget_get_style_context (widget);
  if (!gtk_style_context_lookup_color (style, "window_bg_color", &bg))
    bg = dark ? (GdkRGBA) { 0.14, 0.14, 0.14, 1 } : (GdkRGBA) { 0.98, 0.98, 0.98, 1 };
  if (!gtk_style_context_lookup_color (style, "accent_color", &self->focus_color))
    self->focus_color = (GdkRGBA) { 0.21, 0.52, 0.89, 1 };
  G_GNUC_END_IGNORE_DEPRECATIONS
  self->background = color_from_rgba (&bg);
  self->focus_color.alpha = 0.5;

  /* Ruler labels a little smaller than the text around. */
  g_clear_pointer (&self->font, pango_font_description_free);
  self->font = base_font != NULL ? pango_font_description_copy (base_font) : pango_font_description_new ();
  size = pango_font_description_get_size (self->font);
  if (size <= 0)
    size = 10 * PANGO_SCALE;
  if (pango_font_description_get_size_is_absolute (self->font))
    pango_font_description_set_absolute_size (self->font, size * 0.85);
  else
    pango_font_description_set_size (self->font, (int) (size * 0.85));
  pango_font_description_set_weight (self->font, PANGO_WEIGHT_NORMAL);

  self->ruler_height = ceil (ms_render_measure_ruler (context, self->font));

  _ms_strip_invalidate (self);
}

void
_ms_strip_update_can_zoom (MsStrip *self)
{
  gboolean in = FALSE, out = FALSE;
  double zoom = 1.0;

  if (self->layout != NULL)
    {
      double span = self->target_end - self->target_start;

      in = span > ms_layout_get_min_span (self->layout) * 1.0001;
      out = span < 1.0;
      if (span > 0 && span < 1.0)
        zoom = 1.0 / span;
    }

  if (zoom != self->zoom)
    {
      self->zoom = zoom;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
    }

  if (in != self->can_zoom_in)
    {
      self->can_zoom_in = in;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_ZOOM_IN]);
    }
  if (out != self->can_zoom_out)
    {
      self->can_zoom_out = out;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_ZOOM_OUT]);
    }
}

static void
update_accessible (MsStrip *self)
{
  g_autofree char *label = NULL;
  g_autofree char *description = NULL;
  g_autofree char *process = NULL;

  if (self->snapshot == NULL)
    {
      gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Memory map"),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _("No process shown"),
                                      -1);
      return;
    }

  /* Accessible text goes over D-Bus, which takes only UTF-8. */
  process = ms_display_text (self->snapshot->name, -1);

  if (self->snapshot->pid > 0)
    /* TRANSLATORS: accessible name of the strip: process name, PID, region count */
    label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "Memory map of %s (PID %d), %u region",
                                          "Memory map of %s (PID %d), %u regions",
                                          self->snapshot->n_regions),
                             process, self->snapshot->pid, self->snapshot->n_regions);
  else
    label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "Memory map of %s, %u region",
                                          "Memory map of %s, %u regions",
                                          self->snapshot->n_regions),
                             process, self->snapshot->n_regions);

  if (self->selected >= 0)
    {
      const MsRegion *r = &self->snapshot->regions[self->selected];
      g_autofree char *size = ms_format_size (ms_region_get_size (r));
      g_autofree char *name = ms_display_text (r->path != NULL && r->path[0] != '\0' ? r->path : ms_kind_get_label (r->kind), -1);
      g_autofree char *start = ms_format_hex (r->start);
      g_autofree char *end = ms_format_hex (r->end);

      /* TRANSLATORS: accessible description of the selected region:
       * "Selected: Heap, [heap], 0x55… to 0x55…, 132.0 KiB" */
      description = g_strdup_printf (_("Selected: %s, %s, %s to %s, %s"),
                                     ms_kind_get_label (r->kind), name, start, end, size);
    }
  else
    {
      description = g_strdup (_("Use Left and Right to move between regions, plus and minus to zoom"));
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

/* Hover ------------------------------------------------------------------- */

int
_ms_strip_region_at (MsStrip *self,
           double   x,
           double   y)
{
  cairo_rectangle_t strip;
  double u;

  if (self->layout == NULL)
    return -1;

  _ms_strip_get_strip_area (self, &strip);
  if (x < strip.x || x >= strip.x + strip.width || y < strip.y || y >= strip.y + strip.height)
    return -1;

  u = axis_at_x (self, x);
  return ms_layout_hit (self->layout, u, NULL);
}

static guint64
region_start (MsStrip *self,
              int      index)
{
  return index >= 0 && self->snapshot != NULL && (guint) index < self->snapshot->n_regions
         ? self->snapshot->regions[index].start : MS_NO_ADDRESS;
}

static void
set_hovered (MsStrip *self,
             int      index)
{
  if (index == self->hovered)
    return;

  self->hovered = index;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (self->session != NULL && ms_session_get_snapshot (self->session) == self->snapshot)
    ms_session_set_hovered_address (self->session, region_start (self, index));
  g_signal_emit (self, signals[HOVERED], 0, index);
}

void
_ms_strip_update_hover (MsStrip *self)
{
  if (!self->pointer_inside || self->dragging)
    set_hovered (self, -1);
  else
    set_hovered (self, _ms_strip_region_at (self, self->pointer_x, self->pointer_y));
}

void
_ms_strip_emit_region_activated (MsStrip *self,
                                 int      index)
{
  g_signal_emit (self, signals[REGION_ACTIVATED], 0, index);
}

/* GtkWidget --------------------------------------------------------------- */

static void
ms_strip_measure (GtkWidget      *widget,
                  GtkOrientation  orientation,
                  int             for_size,
                  int            *minimum,
                  int            *natural,
                  int            *minimum_baseline,
                  int            *natural_baseline)
{
  MsStrip *self = MS_STRIP (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 120;
      *natural = 600;
    }
  else
    {
      *minimum = (int) ceil (STRIP_MIN_HEIGHT + self->ruler_height + 2 * PAD);
      *natural = (int) ceil (STRIP_NAT_HEIGHT + self->ruler_height + 2 * PAD);
    }
}

static void
ms_strip_size_allocate (GtkWidget *widget,
                        int        width,
                        int        height,
                        int        baseline)
{
  MsStrip *self = MS_STRIP (widget);

  g_clear_pointer (&self->base, gsk_render_node_unref);
  _ms_strip_update_can_zoom (self);
}

static void
ms_strip_snapshot (GtkWidget   *widget,
                   GtkSnapshot *snapshot)
{
  MsStrip *self = MS_STRIP (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  MsRenderOptions options;
  cairo_rectangle_t area, strip;
  MsRenderMarks marks;
  cairo_t *cr;

  if (self->layout == NULL || width <= 2 * PAD || height <= 2 * PAD)
    return;

  get_area (self, &area);
  get_options (self, &options);
  ms_render_get_strip_area (&options, &area, &strip);

  if (self->base == NULL)
    {
      GtkSnapshot *child = gtk_snapshot_new ();

      cr = gtk_snapshot_append_cairo (child, &GRAPHENE_RECT_INIT (0, 0, width, height));
      ms_render_strip (cr, self->layout, &options, &area);
      cairo_destroy (cr);
      self->base = gtk_snapshot_free_to_node (child);
    }

  if (self->base != NULL)
    gtk_snapshot_append_node (snapshot, self->base);

  _ms_page_layer_snapshot (self->pages, snapshot, self->layout, &options, &area);

  marks.selected = self->selected;
  marks.hovered = self->hovered;
  marks.diff = self->change_alpha > 0 ? self->diff : NULL;
  marks.change_alpha = self->change_alpha;

  if (marks.selected >= 0 || marks.hovered >= 0 || marks.diff != NULL)
    {
      cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (strip.x, strip.y, strip.width, strip.height));
      ms_render_marks (cr, self->layout, &options, &area, &marks);
      cairo_destroy (cr);
    }

  if (self->compare != NULL && ms_compare_get_current (self->compare) == self->snapshot)
    {
      cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (strip.x, strip.y, strip.width, strip.height));
      ms_render_compare_marks (cr, self->layout, &options, &area, self->compare);
      cairo_destroy (cr);
    }

  if (gtk_widget_has_visible_focus (widget) ||
      (self->keyboard_focus && gtk_widget_has_focus (widget)))
    {
      GskRoundedRect ring;
      const float w = 2;
      GdkRGBA colors[4] = { self->focus_color, self->focus_color, self->focus_color, self->focus_color };

      gsk_rounded_rect_init_from_rect (&ring,
                                       &GRAPHENE_RECT_INIT (strip.x - 3, strip.y - 3, strip.width + 6, strip.height + 6),
                                       options.corner_radius + 3);
      gtk_snapshot_append_border (snapshot, &ring, (float[4]) { w, w, w, w }, colors);
    }
}

static gboolean
ms_strip_query_tooltip (GtkWidget  *widget,
                        int         x,
                        int         y,
                        gboolean    keyboard_mode,
                        GtkTooltip *tooltip)
{
  MsStrip *self = MS_STRIP (widget);
  g_autofree char *markup = NULL;
  MsRenderOptions options;
  cairo_rectangle_t area;
  cairo_rectangle_t tip;
  MsRenderHit hit;

  if (self->layout == NULL)
    return FALSE;

  get_area (self, &area);
  get_options (self, &options);

  if (keyboard_mode)
    {
      double x0, x1;
      cairo_rectangle_t strip;

      if (self->selected < 0 ||
          !ms_render_get_region_extent (self->layout, &options, &area, self->selected, &x0, &x1))
        return FALSE;

      ms_render_get_strip_area (&options, &area, &strip);
      markup = ms_render_describe_region (self->snapshot, self->selected);
      tip = (cairo_rectangle_t) { x0, strip.y, x1 - x0, strip.height };
    }
  else
    {
      markup = _ms_page_layer_describe_at (self->pages, self->layout, &options, &area, x, y, &tip);
      if (markup == NULL)
        {
          if (!ms_render_hit_test (self->layout, &options, &area, x, y, &hit))
            return FALSE;
          markup = ms_render_describe_hit (self->layout, &hit);
          tip = hit.area;
          /* (its heat, or that zooming in shows its pages) */
          if (markup != NULL && hit.type == MS_SPAN_REGION)
            {
              g_autofree char *pages = _ms_page_layer_describe_region (self->pages, self->layout, &options, &area,
                                                                       (guint) hit.region);

              if (pages != NULL)
                {
                  char *joined = g_strconcat (markup, "\n", pages, NULL);

                  g_free (markup);
                  markup = joined;
                }
            }
        }
    }

  if (markup == NULL)
    return FALSE;

  /* What changed since the baseline, in words. */
  if (self->compare != NULL && ms_compare_get_current (self->compare) == self->snapshot)
    {
      int index = keyboard_mode ? self->selected : (hit.type == MS_SPAN_REGION ? hit.region : -1);

      g_autofree char *change = NULL;

      if (index >= 0)
        change = ms_render_describe_compare (self->compare, (guint) index);
      else if (!keyboard_mode && (hit.type == MS_SPAN_BREAK || hit.type == MS_SPAN_EMPTY) && hit.gap >= 0)
        change = ms_render_describe_removed (self->compare,
                                             hit.gap > 0 ? self->snapshot->regions[hit.gap - 1].end : 0,
                                             self->snapshot->regions[hit.gap].start);
      if (change != NULL)
        {
          char *joined = g_strconcat (markup, "\n\n", change, NULL);

          g_free (markup);
          markup = joined;
        }
    }

  gtk_tooltip_set_markup (tooltip, markup);
  gtk_tooltip_set_tip_area (tooltip, &(GdkRectangle) {
                              (int) floor (tip.x), (int) floor (tip.y),
                              MAX (1, (int) ceil (tip.x + tip.width) - (int) floor (tip.x)),
                              MAX (1, (int) ceil (tip.y + tip.height) - (int) floor (tip.y)),
                            });
  return TRUE;
}

static void
ms_strip_css_changed (GtkWidget         *widget,
                      GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (ms_strip_parent_class)->css_changed (widget, change);

  update_style (MS_STRIP (widget));
  gtk_widget_queue_resize (widget);
}

static void
ms_strip_system_setting_changed (GtkWidget       *widget,
                                 GtkSystemSetting setting)
{
  GTK_WIDGET_CLASS (ms_strip_parent_class)->system_setting_changed (widget, setting);

  if (setting == GTK_SYSTEM_SETTING_FONT_NAME || setting == GTK_SYSTEM_SETTING_FONT_CONFIG ||
      setting == GTK_SYSTEM_SETTING_DPI)
    {
      update_style (MS_STRIP (widget));
      gtk_widget_queue_resize (widget);
    }
}

static void
ms_strip_state_flags_changed (GtkWidget     *widget,
                              GtkStateFlags  previous)
{
  GTK_WIDGET_CLASS (ms_strip_parent_class)->state_flags_changed (widget, previous);

  if (!(gtk_widget_get_state_flags (widget) & GTK_STATE_FLAG_FOCUSED))
    MS_STRIP (widget)->keyboard_focus = FALSE;

  /* The focus ring comes and goes. */
  if ((previous ^ gtk_widget_get_state_flags (widget)) & (GTK_STATE_FLAG_FOCUS_VISIBLE | GTK_STATE_FLAG_FOCUSED))
    gtk_widget_queue_draw (widget);
}

/* Input ------------------------------------------------------------------- */

/* Keyboard and button zoom: around the selection when it is in view (its
 * place in the view, 0…1), else -1. */
static double
zoom_anchor (MsStrip *self)
{
  if (self->layout != NULL && self->selected >= 0)
    {
      double u0, u1, c;

      ms_layout_get_region_span (self->layout, self->selected, &u0, &u1);
      c = (u0 + u1) / 2;
      if (c >= self->target_start && c <= self->target_end)
        return (c - self->target_start) / (self->target_end - self->target_start);
    }
  return -1;
}

/* GObject ----------------------------------------------------------------- */

static void
ms_strip_dispose (GObject *object)
{
  MsStrip *self = MS_STRIP (object);

  if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
  g_clear_handle_id (&self->change_timeout, g_source_remove);
  if (self->session_signals != NULL)
    g_signal_group_set_target (self->session_signals, NULL);
  if (self->session_bindings != NULL)
    g_binding_group_set_source (self->session_bindings, NULL);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->session_bindings);
  g_clear_object (&self->session);
  g_clear_pointer (&self->base, gsk_render_node_unref);
  g_clear_pointer (&self->diff, ms_diff_unref);
  g_clear_pointer (&self->compare, ms_compare_unref);
  g_clear_pointer (&self->layout, ms_layout_unref);
  g_clear_pointer (&self->snapshot, ms_snapshot_unref);
  g_clear_pointer (&self->font, pango_font_description_free);
  g_clear_pointer (&self->pages, _ms_page_layer_free);

  G_OBJECT_CLASS (ms_strip_parent_class)->dispose (object);
}

static void
ms_strip_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  MsStrip *self = MS_STRIP (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_SNAPSHOT:
      g_value_set_boxed (value, self->snapshot);
      break;
    case PROP_SCALE_MODE:
      g_value_set_enum (value, self->mode);
      break;
    case PROP_SELECTED:
      g_value_set_int (value, self->selected);
      break;
    case PROP_HIGHLIGHT_KIND:
      g_value_set_int (value, self->highlight_kind);
      break;
    case PROP_CAN_ZOOM_IN:
      g_value_set_boolean (value, self->can_zoom_in);
      break;
    case PROP_CAN_ZOOM_OUT:
      g_value_set_boolean (value, self->can_zoom_out);
      break;
    case PROP_ZOOM:
      g_value_set_double (value, self->zoom);
      break;
    case PROP_PAGE_COLOUR:
      g_value_set_string (value, ms_page_colour_to_id (self->pages != NULL ? _ms_page_layer_get_colour (self->pages)
                                                                            : MS_PAGE_COLOUR_RESIDENCY));
      break;
    case PROP_PAGES_SHOWN:
      g_value_set_boolean (value, self->pages != NULL && _ms_page_layer_get_shown (self->pages));
      break;
    case PROP_COMPARE:
      g_value_set_boxed (value, self->compare);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_strip_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  MsStrip *self = MS_STRIP (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      ms_strip_set_session (self, g_value_get_object (value));
      break;
    case PROP_SCALE_MODE:
      ms_strip_set_scale_mode (self, g_value_get_enum (value));
      break;
    case PROP_SELECTED:
      ms_strip_select (self, g_value_get_int (value), FALSE);
      break;
    case PROP_HIGHLIGHT_KIND:
      ms_strip_set_highlight_kind (self, g_value_get_int (value));
      break;
    case PROP_PAGE_COLOUR:
      {
        int colour = ms_page_colour_from_id (g_value_get_string (value));

        if (colour >= 0 && self->pages != NULL && (MsPageColour) colour != _ms_page_layer_get_colour (self->pages))
          {
            _ms_page_layer_set_colour (self->pages, (MsPageColour) colour);
            g_object_notify_by_pspec (object, pspec);
          }
      }
      break;
    case PROP_COMPARE:
      ms_strip_set_compare (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_strip_class_init (MsStripClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ms_strip_dispose;
  object_class->get_property = ms_strip_get_property;
  object_class->set_property = ms_strip_set_property;

  widget_class->measure = ms_strip_measure;
  widget_class->size_allocate = ms_strip_size_allocate;
  widget_class->snapshot = ms_strip_snapshot;
  widget_class->query_tooltip = ms_strip_query_tooltip;
  widget_class->css_changed = ms_strip_css_changed;
  widget_class->system_setting_changed = ms_strip_system_setting_changed;
  widget_class->state_flags_changed = ms_strip_state_flags_changed;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, MS_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SNAPSHOT] =
    g_param_spec_boxed ("snapshot", NULL, NULL, MS_TYPE_SNAPSHOT,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SCALE_MODE] =
    g_param_spec_enum ("scale-mode", NULL, NULL, MS_TYPE_SCALE_MODE, MS_SCALE_PROPORTIONAL,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED] =
    g_param_spec_int ("selected", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HIGHLIGHT_KIND] =
    g_param_spec_int ("highlight-kind", NULL, NULL, -1, MS_N_KINDS - 1, -1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_ZOOM_IN] =
    g_param_spec_boolean ("can-zoom-in", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_ZOOM_OUT] =
    g_param_spec_boolean ("can-zoom-out", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL, 1.0, G_MAXDOUBLE, 1.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* What the colour of a page means, when pages are shown: "residency",
   * "dirty", "shared" or "heat" (the map view's pages.page-colour). */
  properties[PROP_PAGE_COLOUR] =
    g_param_spec_string ("page-colour", NULL, NULL, "residency",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* TRUE while the strip shows the pages of the regions in view. */
  properties[PROP_PAGES_SHOWN] =
    g_param_spec_boolean ("pages-shown", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COMPARE] =
    g_param_spec_boxed ("compare", NULL, NULL, MS_TYPE_COMPARE,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[HOVERED] =
    g_signal_new ("hovered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
  signals[REGION_ACTIVATED] =
    g_signal_new ("region-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);

  _ms_strip_class_init_input (widget_class);

  gtk_widget_class_set_css_name (widget_class, "memorystrip");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
ms_strip_init (MsStrip *self)
{
  GtkWidget *widget = GTK_WIDGET (self);

  self->mode = MS_SCALE_PROPORTIONAL;
  self->selected = -1;
  self->hovered = -1;
  self->highlight_kind = -1;
  self->view_start = self->target_start = 0.0;
  self->view_end = self->target_end = 1.0;
  self->zoom = 1.0;
  self->ruler_height = 20;
  self->foreground = (MsColor) { 0.2, 0.2, 0.2 };
  self->background = (MsColor) { 0.98, 0.98, 0.98 };

  gtk_widget_set_focusable (widget, TRUE);
  gtk_widget_set_focus_on_click (widget, TRUE);
  gtk_widget_set_has_tooltip (widget, TRUE);
  gtk_widget_set_hexpand (widget, TRUE);

  _ms_strip_init_input (self);

  self->session_signals = g_signal_group_new (MS_TYPE_SESSION);
  g_signal_group_connect_swapped (self->session_signals, "notify::snapshot",
                                  G_CALLBACK (on_session_snapshot), self);
  g_signal_group_connect_swapped (self->session_signals, "notify::selected-address",
                                  G_CALLBACK (on_session_selected), self);
  self->session_bindings = g_binding_group_new ();
  g_binding_group_bind (self->session_bindings, "highlight-kind", self, "highlight-kind", G_BINDING_SYNC_CREATE);
  g_binding_group_bind (self->session_bindings, "scale-mode", self, "scale-mode", G_BINDING_SYNC_CREATE);

  self->pages = _ms_page_layer_new (widget, G_CALLBACK (on_pages_shown));
  /* (for the map view's Pages menu) */
  g_object_set_data (G_OBJECT (self), "ms-page-layer", self->pages);

  update_style (self);
  update_accessible (self);
}

static void
on_pages_shown (MsStrip *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGES_SHOWN]);
}

/* Public API -------------------------------------------------------------- */

GtkWidget *
ms_strip_new (void)
{
  return g_object_new (MS_TYPE_STRIP, NULL);
}

/* Shows @snapshot; @diff: the session's changes from the snapshot shown
 * before, when it is of the same process. */
static void
show_snapshot (MsStrip    *self,
               MsSnapshot *snapshot,
               MsDiff     *diff)
{
  g_autoptr(MsSnapshot) old = NULL;
  g_autoptr(MsLayout) old_layout = NULL;
  int old_selected;
  double start = 0, end = 1;

  if (snapshot == self->snapshot)
    return;

  old = g_steal_pointer (&self->snapshot);
  old_layout = g_steal_pointer (&self->layout);
  old_selected = self->selected;

  self->snapshot = snapshot != NULL ? ms_snapshot_ref (snapshot) : NULL;
  self->layout = snapshot != NULL ? ms_layout_new (snapshot, self->mode) : NULL;
  _ms_page_layer_set_snapshot (self->pages, snapshot);
  self->animating = FALSE;

  g_clear_pointer (&self->diff, ms_diff_unref);
  self->change_alpha = 0;
  g_clear_handle_id (&self->change_timeout, g_source_remove);

  /* The selection is the session's, wherever its region is now. */
  self->selected = self->session != NULL ? ms_session_get_selected_index (self->session) : -1;

  if (ms_snapshot_same_process (old, snapshot))
    {
      _ms_strip_carry_view (self, old_layout, self->layout, &start, &end);

      if (diff != NULL && ms_diff_get_n_regions (diff) == snapshot->n_regions)
        {
          self->diff = ms_diff_ref (diff);
          if (!ms_diff_is_layout_unchanged (self->diff))
            _ms_strip_start_change_marks (self);
        }
    }

  /* Force the view to be set on the new layout. */
  self->target_start = self->target_end = -1;
  _ms_strip_set_view_full (self, start, end, FALSE);
  if (self->layout == NULL)
    _ms_strip_update_can_zoom (self);

  _ms_strip_invalidate (self);
  _ms_strip_update_hover (self);
  update_accessible (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SNAPSHOT]);
  if (self->selected != old_selected)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

static void
on_session_snapshot (MsStrip *self)
{
  show_snapshot (self, ms_session_get_snapshot (self->session), ms_session_get_diff (self->session));
}

/* Chosen elsewhere (the table): select it here too, and bring it into view. */
static void
on_session_selected (MsStrip *self)
{
  int index;

  /* A snapshot not shown yet: it comes with the selection's new place. */
  if (ms_session_get_snapshot (self->session) != self->snapshot)
    return;

  index = ms_session_get_selected_index (self->session);
  if (index != self->selected)
    ms_strip_select (self, index, TRUE);
}

void
ms_strip_set_session (MsStrip   *self,
                      MsSession *session)
{
  g_return_if_fail (MS_IS_STRIP (self));
  g_return_if_fail (session == NULL || MS_IS_SESSION (session));

  if (self->session == session)
    return;

  g_set_object (&self->session, session);
  /* As administrator, the pages come through the helper too. */
  _ms_page_layer_set_privileged (self->pages, session != NULL && ms_session_get_privileged (session));
  g_signal_group_set_target (self->session_signals, session);
  g_binding_group_set_source (self->session_bindings, session);
  if (session == NULL)
    ms_strip_set_highlight_kind (self, -1);
  show_snapshot (self, session != NULL ? ms_session_get_snapshot (session) : NULL, NULL);
  _ms_strip_publish_view (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

MsSession *
ms_strip_get_session (MsStrip *self)
{
  g_return_val_if_fail (MS_IS_STRIP (self), NULL);

  return self->session;
}

void
_ms_strip_publish_view (MsStrip *self)
{
  guint64 start = 0, end = G_MAXUINT64;

  if (self->session == NULL || ms_session_get_snapshot (self->session) != self->snapshot)
    return;

  if (self->layout != NULL && (self->target_start > 0.0 || self->target_end < 1.0))
    {
      start = ms_layout_address_at (self->layout, MAX (self->target_start, 0.0));
      end = ms_layout_address_at (self->layout, MIN (self->target_end, 1.0));
    }
  ms_session_set_visible_range (self->session, start, MAX (start, end));
}

MsSnapshot *
ms_strip_get_snapshot (MsStrip *self)
{
  g_return_val_if_fail (MS_IS_STRIP (self), NULL);

  return self->snapshot;
}

void
ms_strip_set_compare (MsStrip   *self,
                      MsCompare *compare)
{
  g_return_if_fail (MS_IS_STRIP (self));

  if (self->compare == compare)
    return;
  g_clear_pointer (&self->compare, ms_compare_unref);
  if (compare != NULL)
    self->compare = ms_compare_ref (compare);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPARE]);
}

MsCompare *
ms_strip_get_compare (MsStrip *self)
{
  g_return_val_if_fail (MS_IS_STRIP (self), NULL);
  return self->compare;
}

MsLayout *
ms_strip_get_layout (MsStrip *self)
{
  g_return_val_if_fail (MS_IS_STRIP (self), NULL);

  return self->layout;
}

void
ms_strip_set_scale_mode (MsStrip     *self,
                         MsScaleMode  mode)
{
  g_autoptr(MsLayout) old_layout = NULL;
  double start = 0, end = 1;

  g_return_if_fail (MS_IS_STRIP (self));
  g_return_if_fail (mode <= MS_SCALE_RESIDENT);

  if (mode == self->mode)
    return;

  self->mode = mode;

  if (self->snapshot != NULL)
    {
      old_layout = g_steal_pointer (&self->layout);
      self->layout = ms_layout_new (self->snapshot, mode);
      _ms_strip_carry_view (self, old_layout, self->layout, &start, &end);
      self->animating = FALSE;
      self->target_start = self->target_end = -1;
      _ms_strip_set_view_full (self, start, end, FALSE);
      _ms_strip_invalidate (self);
      _ms_strip_update_hover (self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCALE_MODE]);
}

MsScaleMode
ms_strip_get_scale_mode (MsStrip *self)
{
  g_return_val_if_fail (MS_IS_STRIP (self), MS_SCALE_PROPORTIONAL);

  return self->mode;
}

int
ms_strip_get_selected (MsStrip *self)
{
  g_return_val_if_fail (MS_IS_STRIP (self), -1);

  return self->selected;
}

void
ms_strip_select (MsStrip  *self,
                 int       index,
                 gboolean  reveal)
{
  g_return_if_fail (MS_IS_STRIP (self));

  if (self->snapshot == NULL || index < 0 || (guint) index >= self->snapshot->n_regions)
    index = -1;

  if (reveal && index >= 0)
    {
      double start = self->target_start, end = self->target_end;

      if (ms_layout_reveal_region (self->layout, index, get_n_columns (self), &start, &end))
        _ms_strip_set_view_full (self, start, end, TRUE);
    }

  if (index == self->selected)
    return;

  self->selected = index;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  update_accessible (self);
  /* Shared: the table follows through the session. */
  if (self->session != NULL && ms_session_get_snapshot (self->session) == self->snapshot)
    ms_session_set_selected_address (self->session, region_start (self, index));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

void
ms_strip_set_highlight_kind (MsStrip *self,
                             int      kind)
{
  g_return_if_fail (MS_IS_STRIP (self));

  if (kind < 0 || kind >= MS_N_KINDS)
    kind = -1;
  if (kind == self->highlight_kind)
    return;

  self->highlight_kind = kind;
  _ms_strip_invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HIGHLIGHT_KIND]);
}

int
ms_strip_get_highlight_kind (MsStrip *self)
{
  g_return_val_if_fail (MS_IS_STRIP (self), -1);

  return self->highlight_kind;
}

void
ms_strip_zoom_in (MsStrip *self)
{
  g_return_if_fail (MS_IS_STRIP (self));

  if (self->layout == NULL)
    return;

  /* Around the region under the pointer, then the selection in view, which
   * stay where they are; else toward the data nearest the middle, which
   * comes to the middle (an empty stretch of the linear scale is never
   * zoomed into). */
  if (self->pointer_inside && !self->dragging && self->hovered >= 0)
    _ms_strip_zoom_at (self, ZOOM_STEP, _ms_strip_fraction_at_x (self, self->pointer_x), TRUE);
  else if (zoom_anchor (self) >= 0)
    _ms_strip_zoom_at (self, ZOOM_STEP, zoom_anchor (self), TRUE);
  else
    {
      double u = ms_layout_data_near (self->layout, self->target_start, self->target_end);
      double span = MAX ((self->target_end - self->target_start) / ZOOM_STEP,
                         ms_layout_get_min_span (self->layout));

      _ms_strip_set_view_full (self, u - span / 2, u + span / 2, TRUE);
    }
}

void
ms_strip_zoom_out (MsStrip *self)
{
  double anchor;

  g_return_if_fail (MS_IS_STRIP (self));

  anchor = zoom_anchor (self);
  _ms_strip_zoom_at (self, 1 / ZOOM_STEP, anchor >= 0 ? anchor : 0.5, TRUE);
}

void
ms_strip_reset_zoom (MsStrip *self)
{
  g_return_if_fail (MS_IS_STRIP (self));

  _ms_strip_set_view_full (self, 0.0, 1.0, TRUE);
}

double
ms_strip_get_zoom (MsStrip *self)
{
  g_return_val_if_fail (MS_IS_STRIP (self), 1.0);

  return self->zoom;
}

gboolean
ms_strip_get_can_zoom_in (MsStrip *self)
{
  g_return_val_if_fail (MS_IS_STRIP (self), FALSE);

  return self->can_zoom_in;
}

gboolean
ms_strip_get_can_zoom_out (MsStrip *self)
{
  g_return_val_if_fail (MS_IS_STRIP (self), FALSE);

  return self->can_zoom_out;
}

void
ms_strip_fit_region (MsStrip *self,
                     int      index)
{
  double start, end;

  g_return_if_fail (MS_IS_STRIP (self));

  if (self->layout == NULL || index < 0 || (guint) index >= ms_layout_get_n_regions (self->layout))
    return;

  ms_layout_fit_region (self->layout, index, &start, &end);
  _ms_strip_set_view_full (self, start, end, TRUE);
}

void
ms_strip_get_view (MsStrip *self,
                   double  *start,
                   double  *end)
{
  g_return_if_fail (MS_IS_STRIP (self));

  if (start != NULL)
    *start = self->target_start;
  if (end != NULL)
    *end = self->target_end;
}

void
ms_strip_set_view (MsStrip *self,
                   double   start,
                   double   end)
{
  g_return_if_fail (MS_IS_STRIP (self));

  _ms_strip_set_view_full (self, start, end, FALSE);
}
