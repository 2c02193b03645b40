/* angio-metrics.h — how a prediction compares with the reference labels, for the challenge's
 * three tasks: key-frame offsets (task 1), mask overlap and boundary distance (task 2), FFR
 * agreement and classification at the 0.80 cut-off (task 3). The same metrics measure two
 * annotators against each other. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The FFR at or below which a lesion is haemodynamically significant (the positive class). */
#define ANGIO_FFR_CUTOFF 0.80

typedef struct {
  guint area_a;         /* pixels of each mask and of their intersection */
  guint area_b;
  guint overlap;
  double dice;          /* 2|A∩B| / (|A| + |B|); 1 when both are empty */
  double iou;           /* |A∩B| / |A∪B|; 1 when both are empty */
  double hd95_px;       /* 95th percentile of the boundary distances (below); 0 when both are
                           empty, INFINITY when only one is */
} AngioMaskScores;

/**
 * angio_metrics_masks:
 * Compares masks @a and @b (@width × @height bytes, non-zero inside). The boundary of a mask
 * is its pixels with a 4-neighbour outside it (or on the image's edge); the distances are
 * Euclidean, pixel centre to pixel centre, from every boundary pixel of each mask to the
 * nearest boundary pixel of the other, pooled, and HD95 is their 95th percentile (linear
 * between order statistics, as numpy's and MedPy's hd95).
 */
void   angio_metrics_masks          (const guint8     *a,
                                     const guint8     *b,
                                     guint             width,
                                     guint             height,
                                     AngioMaskScores  *scores);

/* The distance in frames from @predicted to the nearest of the @n @reference frames (G_MAXUINT
 * when @n is 0). */
guint  angio_metrics_frame_offset   (guint             predicted,
                                     const guint      *reference,
                                     guint             n);

typedef struct {
  guint n;              /* pairs with both values finite */
  double mae;           /* mean |predicted − reference| */
  double bias;          /* mean (predicted − reference) */
  double sd;            /* sample standard deviation of the differences (NAN when n < 2) */
  double loa_low;       /* Bland–Altman limits of agreement: bias ∓ 1.96 sd */
  double loa_high;
} AngioAgreement;

/* Agreement of @n pairs; pairs with a NAN on either side are left out. */
void   angio_metrics_agreement      (const double     *reference,
                                     const double     *predicted,
                                     guint             n,
                                     AngioAgreement   *agreement);

typedef struct {
  guint n;              /* pairs with both values finite */
  guint tp, tn, fp, fn; /* positive: FFR ≤ cut-off */
  double sensitivity;   /* tp / (tp + fn); NAN without positives */
  double specificity;   /* tn / (tn + fp); NAN without negatives */
  double accuracy;      /* (tp + tn) / n */
  double auc;           /* of the predicted FFR as a score (lower: more likely positive),
                           ties counted half (Mann–Whitney); NAN without both classes */
} AngioClassification;

/* Classification of @n pairs at @cutoff (positive when FFR ≤ @cutoff); NAN pairs left out. */
void   angio_metrics_classification (const double     *reference,
                                     const double     *predicted,
                                     guint             n,
                                     double            cutoff,
                                     AngioClassification *classification);

/**
 * angio_metrics_kappa:
 * Cohen's κ of two raters' yes/no calls on @n items (@a[i] and @b[i]: TRUE is yes; items
 * with @valid (nullable) FALSE left out): (po − pe) / (1 − pe), po the observed and pe the
 * chance agreement from each rater's marginals. Returns: κ, NAN when fewer than one item or
 * when pe is 1 (both raters said the same one thing throughout: κ is undefined).
 */
double angio_metrics_kappa          (const gboolean   *a,
                                     const gboolean   *b,
                                     const gboolean   *valid,
                                     guint             n);

/**
 * angio_metrics_icc:
 * The intraclass correlation ICC(2,1) of Shrout and Fleiss (two-way random effects, absolute
 * agreement, single rater; McGraw and Wong's ICC(A,1)) of @n subjects each rated by the same
 * @k raters: @values row-major, @values[i × k + j] rater j's value for subject i. Subjects with
 * a NAN are left out. ICC = (MSR − MSE) / (MSR + (k − 1) MSE + k (MSC − MSE) / n).
 * Returns: the ICC, NAN with fewer than two subjects or raters, or no variance at all.
 */
double angio_metrics_icc            (const double     *values,
                                     guint             n,
                                     guint             k);

G_END_DECLS
