/* angio-phantom.h — synthetic cine angiograms with ground truth: the project's test data and
 * its demo case. Deterministic from a seed: the same parameters give the same pixels.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "angio-dicom.h"
#include "angio-geometry.h"
#include "angio-types.h"

G_BEGIN_DECLS

typedef enum {
  ANGIO_PHANTOM_RENAL,
  ANGIO_PHANTOM_CORONARY,
} AngioPhantomKind;

typedef enum {
  ANGIO_SHUTTER_NONE,
  ANGIO_SHUTTER_CIRCLE,
  ANGIO_SHUTTER_RECTANGLE,
} AngioShutter;

/* For contrast_frame: 4, or fewer in short runs. */
#define ANGIO_PHANTOM_AUTO G_MAXUINT

typedef struct {
  guint64 seed;
  AngioPhantomKind kind;
  guint size;                 /* rows = columns, pixels */
  guint frames;
  double fps;
  gboolean variable_timing;   /* uneven frame intervals, written as a Frame Time Vector */
  double percent_ds;          /* diameter stenosis of the lesion, 0–95 % */
  double lesion_length_mm;
  double lesion_position;     /* fraction of the main vessel's length, 0.15–0.85 */
  double eccentricity;        /* 0 concentric … 1 all of the plaque on one wall */
  double reference_mm;        /* vessel diameter at the lesion */
  double catheter_french;     /* 1 F = 1/3 mm */
  double bolus_speed_mm_s;
  guint contrast_frame;       /* first frame the contrast reaches the vessel, or AUTO */
  double noise;               /* quantum noise relative to the default dose; 0 = none */
  double blur_mm;             /* system blur (focal spot, detector), Gaussian sigma */
  double motion_mm;           /* respiratory (renal) or cardiac (coronary) amplitude */
  double drift_mm;            /* slow drift of the background over the run */
  gboolean background;        /* spine, ribs, bowel gas, soft tissue, organ shadows */
  gboolean crossing_vessel;   /* a second vessel crossing the main one distal to the lesion */
  AngioShutter shutter;
  AngioTransferSyntax syntax;
  guint bits_stored;          /* 0 = 10, or what the syntax holds if less */
  double detector_mm;         /* detector field of view (edge length) */
  double sid_mm;              /* source to detector */
  double sod_mm;              /* source to isocenter, where the vessels lie */
} AngioPhantomParams;

/* What was made, and the truth about it. Pixel coordinates have (0, 0) at the centre of the
 * top-left pixel; geometry is given at the best key frame. */
typedef struct {
  AngioPhantomParams params;
  guint frames;
  guint rows;
  guint cols;
  guint bits_stored;
  guint16 *pixels;                 /* frames × rows × cols */
  double *frame_time_ms;           /* start of each frame after frame 0 */
  double mm_per_px;                /* at the isocenter */
  double imager_pixel_spacing_mm;
  double window_center;            /* a display window suited to the key frame */
  double window_width;

  guint key_frame;
  guint key_first;                 /* acceptable key frames: key_first … key_last */
  guint key_last;
  double *opacification;           /* per frame, 0–1, of the analysed segment */
  AngioPoint *motion_px;           /* per frame, displacement from the key frame */

  AngioPoint lesion_center_px;
  AngioPoint lesion_prox_px;
  AngioPoint lesion_dist_px;
  double mld_mm;
  double ref_mm;
  double percent_ds;
  double percent_as;
  double length_mm;
  double lesion_side;              /* +1 / -1: which wall carries an eccentric plaque */

  GArray *centerline_px;           /* AngioPoint: main vessel axis, ~1 px apart */
  GArray *diameter_mm;             /* double: lumen diameter at each centerline point */
  GArray *catheter_px;             /* AngioPoint: catheter axis near its tip */
  double catheter_mm;
  double contrast_arrival_ms;
  guint8 *lesion_mask;             /* rows × cols, 255 inside the stenosis-segment lumen */
  guint8 *vessel_mask;             /* rows × cols, 255 inside the main vessel */
} AngioPhantom;

void          angio_phantom_params_init  (AngioPhantomParams        *params,
                                          AngioPhantomKind           kind);
/* Checks every value (they come from users): FALSE with a message naming the option. */
gboolean      angio_phantom_params_check (const AngioPhantomParams  *params,
                                          GError                   **error);

AngioPhantom *angio_phantom_generate     (const AngioPhantomParams  *params,
                                          GCancellable              *cancellable,
                                          GError                   **error);
/**
 * angio_phantom_save:
 * Writes the DICOM file, the truth JSON and the lesion mask (either of the last two may be
 * %NULL). @extra_attributes (NULL-terminated, may be %NULL) are added to the DICOM data set,
 * e.g. identifying strings planted by de-identification tests.
 */
gboolean      angio_phantom_save         (AngioPhantom              *phantom,
                                          const char                *dicom_path,
                                          const char                *truth_path,
                                          const char                *mask_path,
                                          const AngioDicomAttribute *const *extra_attributes,
                                          GError                   **error);
/* The truth as JSON; file names are written as given (relative to the truth file). */
JsonNode     *angio_phantom_truth_to_json (AngioPhantom             *phantom,
                                           const char               *dicom_name,
                                           const char               *mask_name);
void          angio_phantom_free         (AngioPhantom              *phantom);

const char   *angio_phantom_kind_name    (AngioPhantomKind           kind);
gboolean      angio_phantom_kind_parse   (const char                *name,
                                          AngioPhantomKind          *kind);
const char   *angio_shutter_name         (AngioShutter               shutter);
gboolean      angio_shutter_parse        (const char                *name,
                                          AngioShutter              *shutter);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AngioPhantom, angio_phantom_free)

G_END_DECLS
