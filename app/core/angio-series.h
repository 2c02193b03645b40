/* angio-series.h — one multi-frame acquisition: its frames and what its metadata mean. */
#pragma once

#include <gio/gio.h>

#include "angio-dicom.h"
#include "angio-types.h"

G_BEGIN_DECLS

#define ANGIO_TYPE_SERIES (angio_series_get_type ())
G_DECLARE_FINAL_TYPE (AngioSeries, angio_series, ANGIO, SERIES, GObject)

/**
 * angio_series_load:
 * Opens @path and decodes every frame before returning (for the CLI and tests).
 * Returns: (transfer full): the series, or %NULL with @error naming the file and the reason.
 */
AngioSeries          *angio_series_load                (const char           *path,
                                                        GCancellable         *cancellable,
                                                        GError              **error);
/**
 * angio_series_probe:
 * What @path says about itself (metadata, times, calibration), without decoding its frames:
 * the decoder stops once it has read the header. Returns: (transfer full): a series with no
 * frame ready, or %NULL with @error naming the file and the reason.
 */
AngioSeries          *angio_series_probe               (const char           *path,
                                                        GCancellable         *cancellable,
                                                        GError              **error);
/**
 * angio_series_open_async:
 * Opens @path in the background. Completes as soon as the first frame is decoded; the others
 * follow (notify::n-frames-ready, then ::load-finished) on the thread-default main context of
 * the caller. Cancelling @cancellable also stops the rest of the decoding.
 */
void                  angio_series_open_async          (const char           *path,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
AngioSeries          *angio_series_open_finish         (GAsyncResult         *result,
                                                        GError              **error);
/* Stops decoding the remaining frames (the decoded ones stay usable). */
void                  angio_series_cancel_load         (AngioSeries          *self);

const char           *angio_series_get_path            (AngioSeries          *self);
const AngioDicomMeta *angio_series_get_meta            (AngioSeries          *self);
guint                 angio_series_get_n_frames        (AngioSeries          *self);
guint                 angio_series_get_rows            (AngioSeries          *self);
guint                 angio_series_get_cols            (AngioSeries          *self);

/* Decoding progress. A frame, once ready, never changes. */
guint                 angio_series_get_n_frames_ready  (AngioSeries          *self);
gboolean              angio_series_is_frame_ready      (AngioSeries          *self,
                                                        guint                 index);
gboolean              angio_series_is_complete         (AngioSeries          *self);
/* The error that stopped decoding, if any (also given to ::load-finished). */
const GError         *angio_series_get_load_error      (AngioSeries          *self);
/* Milliseconds from the start of the load to the first frame and to the last one. */
double                angio_series_get_first_frame_ms  (AngioSeries          *self);
double                angio_series_get_decode_ms       (AngioSeries          *self);

/**
 * angio_series_get_frame:
 * Returns: (transfer none) (nullable): rows × cols values of frame @index (0-based), row by row,
 * or %NULL while that frame is not decoded yet.
 */
const guint16        *angio_series_get_frame           (AngioSeries          *self,
                                                        guint                 index);

/* Time: start of frame @index in ms after frame 0, and where the times come from. */
double                angio_series_get_frame_time_ms   (AngioSeries          *self,
                                                        guint                 index);
double                angio_series_get_duration_ms     (AngioSeries          *self);
double                angio_series_get_fps             (AngioSeries          *self);
AngioFrameTimeSource  angio_series_get_frame_time_source (AngioSeries        *self);

/* The frames (0-based, ascending, each once) at the ECG's R wave — end-diastole — from the file's
 * R Wave Pointer (0028,6040); %NULL with *@n_frames = 0 when the file has none. */
guint                *angio_series_dup_r_wave_frames   (AngioSeries          *self,
                                                        guint                *n_frames);

/* Scale in the vessel's plane: mm per pixel (NAN when unknown) and its source. */
double                angio_series_get_mm_per_px       (AngioSeries          *self);
AngioCalibrationMethod angio_series_get_calibration_method (AngioSeries      *self);

/* Display: stored values map to modality values as offset + scale × value; higher is
 * brighter. The window is the file's, in stored values; FALSE when the file has none. */
void                  angio_series_get_value_mapping   (AngioSeries          *self,
                                                        double               *offset,
                                                        double               *scale);
guint16               angio_series_get_max_value       (AngioSeries          *self);
gboolean              angio_series_get_default_window  (AngioSeries          *self,
                                                        double               *center,
                                                        double               *width);

G_END_DECLS
