#ifndef PLEXUS_KERNELS_H
#define PLEXUS_KERNELS_H

#include <stdint.h>

/// A mixture component prepared for the E-step: its mean, the upper-triangular
/// Cholesky factor U of its precision (P = U Uᵀ), and
/// log(weight) + log det U − log 2π.
typedef struct {
    double mean_row, mean_col;
    double u00, u01, u11;
    double log_norm;
} plexus_component;

/// Responsibility-weighted moments of one component, about its mean before
/// the step: Σq, Σq·dr, Σq·dc, Σq·dr², Σq·dr·dc, Σq·dc² with q = weight × responsibility.
typedef struct {
    double mass, sum_row, sum_col, sum_row_row, sum_row_col, sum_col_col;
} plexus_moments;

/// One E-step over one tile of `count` weighted pixels and the `active_count`
/// components listed in `active` (indices into `components` and `moments`).
/// Adds each active component's moments to `moments[k]` and returns
/// Σ weight × log Σ_k exp(log-density_k) over the tile.
/// `base_log_density` (or NULL) is a finite log-density per pixel added to the
/// mixture's as one more term of the sum, with no moments of its own: the
/// log-sum-exp of components held fixed, computed once for a partial EM.
/// `moments` may be NULL when only the log-densities are wanted.
/// `scratch` holds active_count × count doubles; `maximum` and `total` count.
/// With no active component `base_log_density` must be given.
double plexus_estep_tile(const double *rows, const double *cols, const double *weights, int32_t count,
                         const plexus_component *components, const int32_t *active, int32_t active_count,
                         const double *base_log_density, double *scratch, double *maximum, double *total, plexus_moments *moments,
                         double *log_density);

/// e^x for x ≤ 0, about 1 ulp; below −708 returns e^−708.
double plexus_exp_nonpositive(double x);

/// Marks (1) the samples whose residual weight − total·e^(log_density) may
/// exceed `threshold` (and whose weight does): every sample where it does is
/// marked, by a margin far beyond the rounding of the exponential; others get 0.
/// For the residual's peaks, which only the pixels above the threshold can be.
void plexus_residual_candidates(const double *weights, const double *log_density, int64_t count,
                                double total, double threshold, uint8_t *candidate);

/// ln x for normal positive x, about 1 ulp.
double plexus_log(double x);

#endif
