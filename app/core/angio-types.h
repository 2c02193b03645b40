/* angio-types.h — forward typedefs and enums shared by the model. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _AngioSeries AngioSeries;
typedef struct _AngioLesion AngioLesion;
typedef struct _AngioKeyFrame AngioKeyFrame;
typedef struct _AngioCaseSeries AngioCaseSeries;
typedef struct _AngioCase AngioCase;

/* Where the time of each frame comes from, most trusted first. */
typedef enum {
  ANGIO_FRAME_TIME_FRAME_TIME_VECTOR,
  ANGIO_FRAME_TIME_FRAME_TIME,
  ANGIO_FRAME_TIME_ACQUISITION_DATETIME,
  ANGIO_FRAME_TIME_CINE_RATE,
  ANGIO_FRAME_TIME_RECOMMENDED_DISPLAY_FRAME_RATE,
  ANGIO_FRAME_TIME_ASSUMED,
} AngioFrameTimeSource;

/* Where the image scale (mm per pixel in the vessel's plane) comes from. */
typedef enum {
  ANGIO_CALIBRATION_NONE,
  ANGIO_CALIBRATION_ISOCENTER,
  ANGIO_CALIBRATION_PIXEL_SPACING,
  ANGIO_CALIBRATION_MAGNIFICATION,
  ANGIO_CALIBRATION_CATHETER,
  ANGIO_CALIBRATION_MANUAL,
} AngioCalibrationMethod;

/* Who made an annotation. */
typedef enum {
  ANGIO_ORIGIN_ALGORITHM,
  ANGIO_ORIGIN_ANNOTATOR,
} AngioOrigin;

/* What the clinician made of it. */
typedef enum {
  ANGIO_STATUS_PROPOSED,
  ANGIO_STATUS_ACCEPTED,
  ANGIO_STATUS_REJECTED,
} AngioStatus;

/* Whose labels a prediction stored beside a case's are: a model's (AI review) or a second
 * annotator's (inter-observer agreement). */
typedef enum {
  ANGIO_PREDICTION_MODEL,      /*< nick=model >*/
  ANGIO_PREDICTION_ANNOTATOR,  /*< nick=annotator >*/
} AngioPredictionOrigin;

/* Where a case stands in the reading of a dataset. */
typedef enum {
  ANGIO_CASE_NEW,          /*< nick=new >*/
  ANGIO_CASE_IN_PROGRESS,  /*< nick=in-progress >*/
  ANGIO_CASE_DONE,         /*< nick=done >*/
} AngioCaseStatus;

/* A reader's part in a reading protocol (several readers, one dataset). */
typedef enum {
  ANGIO_ROLE_READER,       /*< nick=reader >*/
  ANGIO_ROLE_ADJUDICATOR,  /*< nick=adjudicator >*/
  ANGIO_ROLE_CURATOR,      /*< nick=curator >*/
} AngioReaderRole;

/* The tasks of the challenge as a protocol double-reads them (bit 1 << task in a mask). */
typedef enum {
  ANGIO_TASK_KEY_FRAME,    /*< nick=key-frame >*/
  ANGIO_TASK_OUTLINE,      /*< nick=outline >*/
  ANGIO_TASK_WIRE,         /*< nick=wire >*/
} AngioReadTask;

#define ANGIO_N_TASKS 3
#define ANGIO_ALL_TASKS ((1u << ANGIO_N_TASKS) - 1)

/* Where a case stands in its reading, for one reader (his worklist). */
typedef enum {
  ANGIO_READ_TO_READ,      /*< nick=to-read >*/
  ANGIO_READ_SUBMITTED,    /*< nick=submitted >*/
  ANGIO_READ_ADJUDICATION, /*< nick=adjudication >*/
  ANGIO_READ_FINAL,        /*< nick=final >*/
} AngioReadState;

/* Where a case stands in its quality control: reads still out, a task in adjudication, or its
 * consensus made (agreed, or adjudicated). */
typedef enum {
  ANGIO_QC_READING,        /*< nick=reading >*/
  ANGIO_QC_ADJUDICATION,   /*< nick=adjudication >*/
  ANGIO_QC_FINAL,          /*< nick=final >*/
} AngioQcState;

#define ANGIO_CORE_ERROR (angio_core_error_quark ())

typedef enum {
  ANGIO_CORE_ERROR_INVALID_ARGUMENT,  /* a value the user gave is out of range */
  ANGIO_CORE_ERROR_FAILED,            /* writing or another operation failed */
} AngioCoreError;

GQuark      angio_core_error_quark (void);
/* Sets @error to ANGIO_CORE_ERROR_INVALID_ARGUMENT with the message; returns FALSE. */
gboolean    angio_core_invalid     (GError    **error,
                                    const char *format,
                                    ...) G_GNUC_PRINTF (2, 3);

/* The JSON/CLI name of an enum value ("frame-time-vector", "isocenter"…). */
const char *angio_enum_nick        (GType       type,
                                    int         value);

/* The enum value whose JSON/CLI name is @nick (nullable); FALSE, @value untouched, if none. */
gboolean    angio_enum_from_nick   (GType       type,
                                    const char *nick,
                                    int        *value);

/* What a person reads for each source: "Frame Time Vector", "isocenter: …" (translated). */
const char *angio_frame_time_source_describe (AngioFrameTimeSource   source);
const char *angio_calibration_describe       (AngioCalibrationMethod method);

/* "LAO 30.0°, CRA 20.0°" from the positioner angles (degrees), or NULL if both are unknown. */
char       *angio_describe_angles            (double                 primary_deg,
                                              double                 secondary_deg);

/* Burned In Annotation as a person reads it: "yes", "no", "not stated" (translated). */
const char *angio_case_status_describe       (AngioCaseStatus        status);

const char *angio_describe_burned_in         (const char            *value);

/* Frame rate assumed when a file says nothing about time, flagged as such. */
#define ANGIO_ASSUMED_FPS 15.0

G_END_DECLS
