/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-strip"

#include "config.h"

#include <math.h>

#include "ms-strip-private.h"

/* Pointer, touch and keyboard: zoom with Ctrl+scroll, pinch and +/−/0; pan
 * by dragging, scrolling and Shift+Left/Right; click to select, double-click
 * or Enter to fit; Left/Right/Home/End move the selection. */

#define WHEEL_ZOOM_STEP    1.25
#define DRAG_THRESHOLD     3.0

static void
motion_cb (MsStrip                  *self,
           double                    x,
           double                    y,
           GtkEventControllerMotion *motion)
{
  self->pointer_x = x;
  self->pointer_y = y;
  self->pointer_inside = TRUE;
  _ms_strip_update_hover (self);
}

static void
leave_cb (MsStrip                  *self,
          GtkEventControllerMotion *motion)
{
  self->pointer_inside = FALSE;
  _ms_strip_update_hover (self);
}

static gboolean
scroll_cb (MsStrip                  *self,
           double                    dx,
           double                    dy,
           GtkEventControllerScroll *scroll)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (scroll));
  gboolean wheel = gtk_event_controller_scroll_get_unit (scroll) == GDK_SCROLL_UNIT_WHEEL;
  cairo_rectangle_t strip;
  double span;

  if (self->layout == NULL)
    return FALSE;

  _ms_strip_get_strip_area (self, &strip);
  if (strip.width <= 0)
    return FALSE;

  if (state & GDK_CONTROL_MASK)
    {
      double factor = pow (wheel ? WHEEL_ZOOM_STEP : 1.01, -(dy != 0 ? dy : dx));

      _ms_strip_zoom_at (self, factor, _ms_strip_fraction_at_x (self, self->pointer_x), FALSE);
      return TRUE;
    }

  span = self->target_end - self->target_start;
  if (span >= 1.0)
    return FALSE;  /* nothing to pan: let the page scroll */

  {
    double pixels = (dx + dy) * (wheel ? strip.width / 10 : 1);
    double start = self->target_start, end = self->target_end;

    ms_layout_pan_view (self->layout, &start, &end, pixels / strip.width * span);
    _ms_strip_set_view_full (self, start, end, FALSE);
  }

  return TRUE;
}

static void
drag_begin_cb (MsStrip        *self,
               double          x,
               double          y,
               GtkGestureDrag *drag)
{
  self->drag_view_start = self->target_start;
  self->drag_view_end = self->target_end;
  self->dragging = FALSE;
  self->drag_moved = FALSE;
}

static void
drag_update_cb (MsStrip        *self,
                double          dx,
                double          dy,
                GtkGestureDrag *drag)
{
  cairo_rectangle_t strip;
  double start, end;

  if (self->layout == NULL)
    return;

  if (!self->dragging)
    {
      if (fabs (dx) < DRAG_THRESHOLD)
        return;
      self->dragging = TRUE;
      self->drag_moved = TRUE;
      gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "grabbing");
      gtk_gesture_set_state (GTK_GESTURE (drag), GTK_EVENT_SEQUENCE_CLAIMED);
      _ms_strip_update_hover (self);
    }

  _ms_strip_get_strip_area (self, &strip);
  if (strip.width <= 0)
    return;

  start = self->drag_view_start;
  end = self->drag_view_end;
  ms_layout_pan_view (self->layout, &start, &end, -dx / strip.width * (end - start));
  _ms_strip_set_view_full (self, start, end, FALSE);
}

static void
drag_end_cb (MsStrip        *self,
             double          dx,
             double          dy,
             GtkGestureDrag *drag)
{
  if (self->dragging)
    gtk_widget_set_cursor (GTK_WIDGET (self), NULL);
  self->dragging = FALSE;
  _ms_strip_update_hover (self);
}

static void
pressed_cb (MsStrip         *self,
            int              n_press,
            double           x,
            double           y,
            GtkGestureClick *click)
{
  int index;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (self->keyboard_focus)
    {
      self->keyboard_focus = FALSE;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }

  if (n_press != 2)
    return;

  index = _ms_strip_region_at (self, x, y);
  if (index < 0)
    return;

  ms_strip_select (self, index, FALSE);
  ms_strip_fit_region (self, index);
  _ms_strip_emit_region_activated (self, index);
}

static void
released_cb (MsStrip         *self,
             int              n_press,
             double           x,
             double           y,
             GtkGestureClick *click)
{
  if (n_press != 1 || self->dragging || self->drag_moved)
    return;

  ms_strip_select (self, _ms_strip_region_at (self, x, y), FALSE);
}

static void
pinch_begin_cb (MsStrip        *self,
                GdkEventSequence *sequence,
                GtkGestureZoom *zoom)
{
  double x, y;

  self->pinch_view_start = self->target_start;
  self->pinch_view_end = self->target_end;
  self->pinch_anchor = 0.5;
  if (gtk_gesture_get_bounding_box_center (GTK_GESTURE (zoom), &x, &y))
    self->pinch_anchor = _ms_strip_fraction_at_x (self, x);
}

static void
pinch_changed_cb (MsStrip        *self,
                  double          scale,
                  GtkGestureZoom *zoom)
{
  double start = self->pinch_view_start, end = self->pinch_view_end;

  if (self->layout == NULL || scale <= 0)
    return;

  ms_layout_zoom_view (self->layout, &start, &end, scale, self->pinch_anchor);
  _ms_strip_set_view_full (self, start, end, FALSE);
}

/* Actions (keyboard) ------------------------------------------------------ */

static void
select_step (MsStrip *self,
             int      step)
{
  int n, index;

  if (self->snapshot == NULL || self->snapshot->n_regions == 0)
    return;

  n = (int) self->snapshot->n_regions;
  if (self->selected < 0)
    {
      guint first, end;

      /* Start from what is in view. */
      ms_layout_get_visible (self->layout, self->target_start, self->target_end, &first, &end);
      index = step > 0 ? (int) MIN (first, (guint) n - 1) : (int) MAX (end, 1) - 1;
    }
  else
    {
      index = CLAMP (self->selected + step, 0, n - 1);
    }

  ms_strip_select (self, index, TRUE);
}

static void
action_cb (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  MsStrip *self = MS_STRIP (widget);

  /* Keys work the strip: show where the keyboard focus is. */
  if (!self->keyboard_focus)
    {
      self->keyboard_focus = TRUE;
      gtk_widget_queue_draw (widget);
    }

  if (g_str_equal (action_name, "strip.zoom-in"))
    ms_strip_zoom_in (self);
  else if (g_str_equal (action_name, "strip.zoom-out"))
    ms_strip_zoom_out (self);
  else if (g_str_equal (action_name, "strip.zoom-reset"))
    ms_strip_reset_zoom (self);
  else if (g_str_equal (action_name, "strip.select-previous"))
    select_step (self, -1);
  else if (g_str_equal (action_name, "strip.select-next"))
    select_step (self, 1);
  else if (g_str_equal (action_name, "strip.select-first") && self->snapshot != NULL)
    ms_strip_select (self, 0, TRUE);
  else if (g_str_equal (action_name, "strip.select-last") && self->snapshot != NULL)
    ms_strip_select (self, (int) self->snapshot->n_regions - 1, TRUE);
  else if (g_str_equal (action_name, "strip.pan-left") || g_str_equal (action_name, "strip.pan-right"))
    {
      double start = self->target_start, end = self->target_end;
      double sign = g_str_equal (action_name, "strip.pan-left") ? -1 : 1;

      if (self->layout != NULL)
        {
          ms_layout_pan_view (self->layout, &start, &end, sign * (end - start) / 4);
          _ms_strip_set_view_full (self, start, end, TRUE);
        }
    }
  else if (g_str_equal (action_name, "strip.activate") && self->selected >= 0)
    {
      int index = self->selected;

      ms_strip_fit_region (self, index);
      _ms_strip_emit_region_activated (self, index);
    }
}

void
_ms_strip_init_input (MsStrip *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkEventController *controller;
  GtkGesture *gesture;

  controller = gtk_event_controller_motion_new ();
  g_signal_connect_swapped (controller, "enter", G_CALLBACK (motion_cb), self);
  g_signal_connect_swapped (controller, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect_swapped (controller, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (widget, controller);

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  g_signal_connect_swapped (controller, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (widget, controller);

  gesture = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_PRIMARY);
  g_signal_connect_swapped (gesture, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect_swapped (gesture, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect_swapped (gesture, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_PRIMARY);
  g_signal_connect_swapped (gesture, "pressed", G_CALLBACK (pressed_cb), self);
  g_signal_connect_swapped (gesture, "released", G_CALLBACK (released_cb), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_zoom_new ();
  g_signal_connect_swapped (gesture, "begin", G_CALLBACK (pinch_begin_cb), self);
  g_signal_connect_swapped (gesture, "scale-changed", G_CALLBACK (pinch_changed_cb), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (gesture));
}

void
_ms_strip_class_init_input (GtkWidgetClass *widget_class)
{
  static const struct {
    const char     *action;
    guint           keys[3];
    GdkModifierType mods;
  } bindings[] = {
    { "strip.zoom-in", { GDK_KEY_plus, GDK_KEY_equal, GDK_KEY_KP_Add }, 0 },
    { "strip.zoom-out", { GDK_KEY_minus, GDK_KEY_KP_Subtract, 0 }, 0 },
    { "strip.zoom-reset", { GDK_KEY_0, GDK_KEY_KP_0, 0 }, 0 },
    { "strip.select-previous", { GDK_KEY_Left, GDK_KEY_KP_Left, 0 }, 0 },
    { "strip.select-next", { GDK_KEY_Right, GDK_KEY_KP_Right, 0 }, 0 },
    { "strip.select-first", { GDK_KEY_Home, GDK_KEY_KP_Home, 0 }, 0 },
    { "strip.select-last", { GDK_KEY_End, GDK_KEY_KP_End, 0 }, 0 },
    { "strip.pan-left", { GDK_KEY_Left, GDK_KEY_KP_Left, 0 }, GDK_SHIFT_MASK },
    { "strip.pan-right", { GDK_KEY_Right, GDK_KEY_KP_Right, 0 }, GDK_SHIFT_MASK },
    { "strip.activate", { GDK_KEY_Return, GDK_KEY_KP_Enter, GDK_KEY_space }, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bindings); i++)
    {
      gtk_widget_class_install_action (widget_class, bindings[i].action, NULL, action_cb);
      for (guint k = 0; k < G_N_ELEMENTS (bindings[i].keys) && bindings[i].keys[k] != 0; k++)
        gtk_widget_class_add_binding_action (widget_class, bindings[i].keys[k], bindings[i].mods,
                                             bindings[i].action, NULL);
    }
}
