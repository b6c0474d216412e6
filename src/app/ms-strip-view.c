/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-strip"

#include "config.h"

#include <math.h>

#include "ms-strip-private.h"

/* The view of the strip (which part of the axis it shows) and its motion:
 * animated zooms and fits on the frame clock, the fading marks of a refresh,
 * and keeping the view on the same addresses when the layout changes. */

/* Changes stay marked this long after a refresh, fading after a while. */
#define CHANGE_USEC         (2 * G_USEC_PER_SEC)
#define CHANGE_HOLD_USEC    (G_USEC_PER_SEC / 2)
#define CHANGE_STEPS        8
#define VIEW_ANIMATION_USEC (G_USEC_PER_SEC / 5)

/* Animation: one tick callback for view moves and fading change marks. */

static double
ease_out_cubic (double t)
{
  double p = t - 1;

  return p * p * p + 1;
}

static gboolean
animations_enabled (MsStrip *self)
{
  gboolean enabled = TRUE;

  g_object_get (gtk_widget_get_settings (GTK_WIDGET (self)), "gtk-enable-animations", &enabled, NULL);
  return enabled && gtk_widget_get_mapped (GTK_WIDGET (self));
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  MsStrip *self = MS_STRIP (widget);
  gint64 now = gdk_frame_clock_get_frame_time (clock);

  if (self->animating)
    {
      double t = CLAMP ((double) (now - self->animation_begin) / VIEW_ANIMATION_USEC, 0.0, 1.0);
      double e = ease_out_cubic (t);
      double s0 = self->from_end - self->from_start;
      double s1 = self->target_end - self->target_start;
      double c0 = (self->from_start + self->from_end) / 2;
      double c1 = (self->target_start + self->target_end) / 2;
      /* Span on a log scale, so that deep zooms move evenly. */
      double span = exp (log (s0) + (log (s1) - log (s0)) * e);
      double centre = c0 + (c1 - c0) * e;

      if (t >= 1.0)
        {
          self->view_start = self->target_start;
          self->view_end = self->target_end;
          self->animating = FALSE;
        }
      else
        {
          self->view_start = centre - span / 2;
          self->view_end = centre + span / 2;
          ms_layout_clamp_view (self->layout, &self->view_start, &self->view_end);
        }
      _ms_strip_invalidate (self);
    }

  if (self->diff != NULL && self->change_timeout == 0)
    {
      gint64 age = now - self->diff_begin;
      double alpha;

      if (age < CHANGE_HOLD_USEC)
        alpha = 1.0;
      else if (age < CHANGE_USEC)
        alpha = 1.0 - ease_out_cubic ((double) (age - CHANGE_HOLD_USEC) / (CHANGE_USEC - CHANGE_HOLD_USEC));
      else
        alpha = 0.0;

      /* The fade in CHANGE_STEPS steps, redrawn only when it takes one: a
       * frame of the whole window costs 40 ms in software GL (the window is
       * copied whole to the X server), which at every frame of a fade kept
       * the main loop busy for most of it. */
      alpha = ceil (alpha * CHANGE_STEPS) / CHANGE_STEPS;
      if (alpha != self->change_alpha)
        {
          self->change_alpha = alpha;
          gtk_widget_queue_draw (widget);
        }
    }

  if (!self->animating && (self->diff == NULL || self->change_alpha <= 0 || self->change_timeout != 0))
    {
      self->tick_id = 0;
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

static void
ensure_tick (MsStrip *self)
{
  if (self->tick_id == 0)
    self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), tick_cb, NULL, NULL);
}

void
_ms_strip_set_view_full (MsStrip *self,
               double   start,
               double   end,
               gboolean animate)
{
  if (self->layout == NULL)
    {
      self->view_start = self->target_start = 0.0;
      self->view_end = self->target_end = 1.0;
      return;
    }

  ms_layout_clamp_view (self->layout, &start, &end);
  if (start == self->target_start && end == self->target_end)
    return;

  self->target_start = start;
  self->target_end = end;

  if (animate && animations_enabled (self))
    {
      GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

      self->from_start = self->view_start;
      self->from_end = self->view_end;
      self->animation_begin = clock != NULL ? gdk_frame_clock_get_frame_time (clock) : g_get_monotonic_time ();
      self->animating = TRUE;
      ensure_tick (self);
    }
  else
    {
      self->animating = FALSE;
      self->view_start = start;
      self->view_end = end;
      _ms_strip_invalidate (self);
    }

  _ms_strip_update_can_zoom (self);
  _ms_strip_publish_view (self);
}

static gboolean
change_timeout_cb (gpointer user_data)
{
  MsStrip *self = user_data;

  self->change_timeout = 0;
  self->change_alpha = 0;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return G_SOURCE_REMOVE;
}

void
_ms_strip_start_change_marks (MsStrip *self)
{
  self->change_alpha = 1.0;
  g_clear_handle_id (&self->change_timeout, g_source_remove);

  if (animations_enabled (self))
    {
      GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

      self->diff_begin = clock != NULL ? gdk_frame_clock_get_frame_time (clock) : g_get_monotonic_time ();
      ensure_tick (self);
    }
  else
    {
      /* No fading without animations: shown, then gone. */
      GSource *source = g_timeout_source_new (CHANGE_USEC / 1000);

      g_source_set_callback (source, change_timeout_cb, self, NULL);
      g_source_set_static_name (source, "[memscape] strip change marks");
      self->change_timeout = g_source_attach (source, NULL);
      g_source_unref (source);
    }
}

void
_ms_strip_zoom_at (MsStrip *self,
         double   factor,
         double   anchor,
         gboolean animate)
{
  double start, end;

  if (self->layout == NULL)
    return;

  /* From where an animation is heading, so repeated steps add up. */
  start = self->target_start;
  end = self->target_end;
  ms_layout_zoom_view (self->layout, &start, &end, factor, anchor);
  _ms_strip_set_view_full (self, start, end, animate);
}

/* Moves the view onto @layout keeping the same addresses in it. */
void
_ms_strip_carry_view (MsStrip  *self,
            MsLayout *old_layout,
            MsLayout *new_layout,
            double   *start,
            double   *end)
{
  guint64 a0, a1;

  if (old_layout == NULL || (self->target_start <= 0 && self->target_end >= 1))
    {
      *start = 0;
      *end = 1;
      return;
    }

  a0 = ms_layout_address_at (old_layout, self->target_start);
  a1 = ms_layout_address_at (old_layout, self->target_end);
  *start = ms_layout_axis_at_address (new_layout, a0);
  *end = ms_layout_axis_at_address (new_layout, a1);
  if (!(*end > *start))
    {
      double centre = *start;
      double span = self->target_end - self->target_start;

      *start = centre - span / 2;
      *end = centre + span / 2;
    }
}
