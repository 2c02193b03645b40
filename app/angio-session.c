/* angio-session.c — what a window shows and how it plays.
 *
 * Playback follows the acquisition's clock: at each tick the frame shown is the one whose
 * time (from the series: Frame Time Vector, Frame Time…) matches the time elapsed since play
 * started, times the speed. A slow tick never slows the run down; a fast one shows a frame
 * twice.
 */
#define G_LOG_DOMAIN "angio-session"

#include "config.h"

#include <math.h>

#include "angio-app-enums.h"
#include "angio-histogram.h"
#include "angio-session.h"
#include "angio-widget-enums.h"
#include "angio-widget-types.h"

struct _AngioSession
{
  GObject parent_instance;

  AngioSeries *series;
  guint frame;
  gboolean playing;
  double speed;
  AngioLoopMode loop_mode;
  double window_center;
  double window_width;
  gboolean invert;
  gboolean smooth;
  AngioZoomMode zoom_mode;
  gboolean show_identifiers;

  /* Playback clock: at anchor_us the run was at anchor_ms (unfolded for bounce). */
  gint64 anchor_us;
  double anchor_ms;
};

G_DEFINE_FINAL_TYPE (AngioSession, angio_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SERIES,
  PROP_FRAME,
  PROP_PLAYING,
  PROP_SPEED,
  PROP_LOOP_MODE,
  PROP_WINDOW_CENTER,
  PROP_WINDOW_WIDTH,
  PROP_INVERT,
  PROP_SMOOTH,
  PROP_ZOOM_MODE,
  PROP_SHOW_IDENTIFIERS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

AngioSession *
angio_session_new (void)
{
  return g_object_new (ANGIO_TYPE_SESSION, NULL);
}

static guint
n_frames (AngioSession *self)
{
  return self->series ? angio_series_get_n_frames (self->series) : 0;
}

/* Sets the frame without touching the playback clock. */
static void
show_frame (AngioSession *self,
            guint         frame)
{
  if (self->series != NULL)
    frame = MIN (frame, n_frames (self) - 1);
  else
    frame = 0;
  if (self->frame == frame)
    return;
  self->frame = frame;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRAME]);
}

void
angio_session_set_series (AngioSession *self,
                          AngioSeries  *series)
{
  g_return_if_fail (ANGIO_IS_SESSION (self));

  if (!g_set_object (&self->series, series))
    return;
  g_object_freeze_notify (G_OBJECT (self));
  angio_session_set_playing (self, FALSE);
  show_frame (self, 0);
  self->zoom_mode = ANGIO_ZOOM_FIT;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM_MODE]);
  /* What identifies a patient is hidden again for every new run. */
  if (self->show_identifiers)
    {
      self->show_identifiers = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_IDENTIFIERS]);
    }
  if (series != NULL)
    angio_session_reset_window (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERIES]);
  g_object_thaw_notify (G_OBJECT (self));
}

AngioSeries *
angio_session_get_series (AngioSession *self)
{
  g_return_val_if_fail (ANGIO_IS_SESSION (self), NULL);

  return self->series;
}

void
angio_session_set_frame (AngioSession *self,
                         guint         frame)
{
  g_return_if_fail (ANGIO_IS_SESSION (self));

  /* A seek restarts the clock from the new frame. */
  self->anchor_us = -1;
  show_frame (self, frame);
}

guint
angio_session_get_frame (AngioSession *self)
{
  g_return_val_if_fail (ANGIO_IS_SESSION (self), 0);

  return self->frame;
}

void
angio_session_step (AngioSession *self,
                    int           delta)
{
  gint64 target;

  g_return_if_fail (ANGIO_IS_SESSION (self));

  if (self->series == NULL)
    return;
  angio_session_set_playing (self, FALSE);
  target = CLAMP ((gint64) self->frame + delta, 0, (gint64) n_frames (self) - 1);
  if (angio_series_is_frame_ready (self->series, (guint) target))
    angio_session_set_frame (self, (guint) target);
}

void
angio_session_first (AngioSession *self)
{
  g_return_if_fail (ANGIO_IS_SESSION (self));

  if (self->series == NULL)
    return;
  angio_session_set_playing (self, FALSE);
  angio_session_set_frame (self, 0);
}

void
angio_session_last (AngioSession *self)
{
  g_return_if_fail (ANGIO_IS_SESSION (self));

  if (self->series == NULL)
    return;
  angio_session_set_playing (self, FALSE);
  /* The last frame decoded so far, while the rest is still coming. */
  for (guint f = n_frames (self); f > 0; f--)
    if (angio_series_is_frame_ready (self->series, f - 1))
      {
        angio_session_set_frame (self, f - 1);
        break;
      }
}

void
angio_session_set_playing (AngioSession *self,
                           gboolean      playing)
{
  g_return_if_fail (ANGIO_IS_SESSION (self));

  playing = playing && n_frames (self) > 1;
  if (self->playing == playing)
    return;
  self->playing = playing;
  self->anchor_us = -1;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYING]);
}

gboolean
angio_session_get_playing (AngioSession *self)
{
  g_return_val_if_fail (ANGIO_IS_SESSION (self), FALSE);

  return self->playing;
}

void
angio_session_set_speed (AngioSession *self,
                         double        speed)
{
  g_return_if_fail (ANGIO_IS_SESSION (self));

  speed = CLAMP (speed, 0.25, 4.0);
  if (self->speed == speed)
    return;
  self->speed = speed;
  self->anchor_us = -1;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEED]);
}

double
angio_session_get_speed (AngioSession *self)
{
  g_return_val_if_fail (ANGIO_IS_SESSION (self), 1.0);

  return self->speed;
}

void
angio_session_set_loop_mode (AngioSession  *self,
                             AngioLoopMode  mode)
{
  g_return_if_fail (ANGIO_IS_SESSION (self));

  if (self->loop_mode == mode)
    return;
  self->loop_mode = mode;
  self->anchor_us = -1;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOOP_MODE]);
}

AngioLoopMode
angio_session_get_loop_mode (AngioSession *self)
{
  g_return_val_if_fail (ANGIO_IS_SESSION (self), ANGIO_LOOP_REPEAT);

  return self->loop_mode;
}

/* The last frame whose start time is at or before @ms. */
static guint
frame_at (AngioSeries *series,
          double       ms)
{
  guint lo = 0, hi = angio_series_get_n_frames (series) - 1;

  while (lo < hi)
    {
      guint mid = (lo + hi + 1) / 2;

      if (angio_series_get_frame_time_ms (series, mid) <= ms + 1e-6)
        lo = mid;
      else
        hi = mid - 1;
    }
  return lo;
}

void
angio_session_tick (AngioSession *self,
                    gint64        now_us)
{
  double last, position, ms;
  guint target;

  g_return_if_fail (ANGIO_IS_SESSION (self));

  if (!self->playing || self->series == NULL)
    return;
  last = angio_series_get_frame_time_ms (self->series, n_frames (self) - 1);
  if (self->anchor_us < 0)
    {
      self->anchor_us = now_us;
      self->anchor_ms = angio_series_get_frame_time_ms (self->series, self->frame);
      return;
    }

  position = self->anchor_ms + (now_us - self->anchor_us) / 1000.0 * self->speed;
  if (self->loop_mode == ANGIO_LOOP_REPEAT)
    {
      /* The last frame is shown for its own duration before the first comes back. */
      double period = angio_series_get_duration_ms (self->series);
      ms = fmod (position, period);
    }
  else
    {
      /* Unfolded: 0 … last forwards, last … 2 last backwards. */
      double cycle = 2 * last;
      double u = cycle > 0 ? fmod (position, cycle) : 0;
      ms = u <= last ? u : cycle - u;
    }
  target = frame_at (self->series, ms);

  if (!angio_series_is_frame_ready (self->series, target))
    {
      /* Still being decoded: wait here, and resume from this frame once it comes. */
      self->anchor_us = now_us;
      self->anchor_ms = angio_series_get_frame_time_ms (self->series, self->frame);
      return;
    }
  show_frame (self, target);
}

void
angio_session_set_window (AngioSession *self,
                          double        center,
                          double        width)
{
  g_return_if_fail (ANGIO_IS_SESSION (self));

  g_object_freeze_notify (G_OBJECT (self));
  if (center != self->window_center)
    {
      self->window_center = center;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WINDOW_CENTER]);
    }
  width = MAX (width, 1);
  if (width != self->window_width)
    {
      self->window_width = width;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WINDOW_WIDTH]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

void
angio_session_reset_window (AngioSession *self)
{
  double center, width;

  g_return_if_fail (ANGIO_IS_SESSION (self));

  if (self->series == NULL)
    return;
  if (angio_series_get_default_window (self->series, &center, &width))
    angio_session_set_window (self, center, width);
  else
    angio_session_auto_window (self);
}

void
angio_session_auto_window (AngioSession *self)
{
  const guint16 *pixels;
  double center, width;

  g_return_if_fail (ANGIO_IS_SESSION (self));

  if (self->series == NULL)
    return;
  pixels = angio_series_get_frame (self->series, self->frame);
  if (pixels == NULL)
    pixels = angio_series_get_frame (self->series, 0);
  if (angio_histogram_window (pixels, (gsize) angio_series_get_rows (self->series)
                                      * angio_series_get_cols (self->series),
                              0.01, 0.99, &center, &width))
    angio_session_set_window (self, center, width);
}

/* GObject */

static void
angio_session_dispose (GObject *object)
{
  AngioSession *self = ANGIO_SESSION (object);

  g_clear_object (&self->series);

  G_OBJECT_CLASS (angio_session_parent_class)->dispose (object);
}

static void
angio_session_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  AngioSession *self = ANGIO_SESSION (object);

  switch (prop_id)
    {
    case PROP_SERIES:
      g_value_set_object (value, self->series);
      break;
    case PROP_FRAME:
      g_value_set_uint (value, self->frame);
      break;
    case PROP_PLAYING:
      g_value_set_boolean (value, self->playing);
      break;
    case PROP_SPEED:
      g_value_set_double (value, self->speed);
      break;
    case PROP_LOOP_MODE:
      g_value_set_enum (value, self->loop_mode);
      break;
    case PROP_WINDOW_CENTER:
      g_value_set_double (value, self->window_center);
      break;
    case PROP_WINDOW_WIDTH:
      g_value_set_double (value, self->window_width);
      break;
    case PROP_INVERT:
      g_value_set_boolean (value, self->invert);
      break;
    case PROP_SMOOTH:
      g_value_set_boolean (value, self->smooth);
      break;
    case PROP_ZOOM_MODE:
      g_value_set_enum (value, self->zoom_mode);
      break;
    case PROP_SHOW_IDENTIFIERS:
      g_value_set_boolean (value, self->show_identifiers);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
set_flag (AngioSession *self,
          gboolean     *field,
          gboolean      value,
          guint         prop)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
angio_session_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  AngioSession *self = ANGIO_SESSION (object);

  switch (prop_id)
    {
    case PROP_SERIES:
      angio_session_set_series (self, g_value_get_object (value));
      break;
    case PROP_FRAME:
      angio_session_set_frame (self, g_value_get_uint (value));
      break;
    case PROP_PLAYING:
      angio_session_set_playing (self, g_value_get_boolean (value));
      break;
    case PROP_SPEED:
      angio_session_set_speed (self, g_value_get_double (value));
      break;
    case PROP_LOOP_MODE:
      angio_session_set_loop_mode (self, g_value_get_enum (value));
      break;
    case PROP_WINDOW_CENTER:
      angio_session_set_window (self, g_value_get_double (value), self->window_width);
      break;
    case PROP_WINDOW_WIDTH:
      angio_session_set_window (self, self->window_center, g_value_get_double (value));
      break;
    case PROP_INVERT:
      set_flag (self, &self->invert, g_value_get_boolean (value), PROP_INVERT);
      break;
    case PROP_SMOOTH:
      set_flag (self, &self->smooth, g_value_get_boolean (value), PROP_SMOOTH);
      break;
    case PROP_ZOOM_MODE:
      if (self->zoom_mode != (AngioZoomMode) g_value_get_enum (value))
        {
          self->zoom_mode = g_value_get_enum (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_SHOW_IDENTIFIERS:
      set_flag (self, &self->show_identifiers, g_value_get_boolean (value),
                PROP_SHOW_IDENTIFIERS);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
angio_session_class_init (AngioSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = angio_session_dispose;
  object_class->get_property = angio_session_get_property;
  object_class->set_property = angio_session_set_property;

  properties[PROP_SERIES] = g_param_spec_object ("series", NULL, NULL, ANGIO_TYPE_SERIES, rw);
  properties[PROP_FRAME] = g_param_spec_uint ("frame", NULL, NULL, 0, G_MAXUINT, 0, rw);
  properties[PROP_PLAYING] = g_param_spec_boolean ("playing", NULL, NULL, FALSE, rw);
  properties[PROP_SPEED] = g_param_spec_double ("speed", NULL, NULL, 0.25, 4.0, 1.0, rw);
  properties[PROP_LOOP_MODE] = g_param_spec_enum ("loop-mode", NULL, NULL, ANGIO_TYPE_LOOP_MODE,
                                                  ANGIO_LOOP_REPEAT, rw);
  properties[PROP_WINDOW_CENTER] = g_param_spec_double ("window-center", NULL, NULL, -65535,
                                                        131070, 32768, rw);
  properties[PROP_WINDOW_WIDTH] = g_param_spec_double ("window-width", NULL, NULL, 1, 131070,
                                                       65535, rw);
  properties[PROP_INVERT] = g_param_spec_boolean ("invert", NULL, NULL, FALSE, rw);
  properties[PROP_SMOOTH] = g_param_spec_boolean ("smooth", NULL, NULL, TRUE, rw);
  properties[PROP_ZOOM_MODE] = g_param_spec_enum ("zoom-mode", NULL, NULL, ANGIO_TYPE_ZOOM_MODE,
                                                  ANGIO_ZOOM_FIT, rw);
  properties[PROP_SHOW_IDENTIFIERS] = g_param_spec_boolean ("show-identifiers", NULL, NULL,
                                                            FALSE, rw);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
angio_session_init (AngioSession *self)
{
  self->speed = 1.0;
  self->smooth = TRUE;
  self->window_center = 32768;
  self->window_width = 65535;
  self->anchor_us = -1;
}
