// The EM's inner loop, in C so that it vectorises and can use AVX2 where the
// processor has it (chosen at load time; the default clone runs anywhere).
// Swift's compiler keeps floating-point sums in order and cannot vectorise
// reductions; here each sum is split into four explicit lanes instead, which
// changes rounding only at the level of one ulp of the total.
#include "plexus_kernels.h"

#include <string.h>

#if defined(__x86_64__) && defined(__linux__) && defined(__clang__)
#define PLEXUS_CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define PLEXUS_CLONES
#endif

static inline uint64_t bits_of(double x) { uint64_t u; memcpy(&u, &x, sizeof u); return u; }
static inline double double_of(uint64_t u) { double x; memcpy(&x, &u, sizeof x); return x; }

static const double rounding_shift = 6755399441055744.0; // 1.5 · 2^52
static const double ln2_high = 0.6931471803691238;
static const double ln2_low = 1.9082149292705877e-10;

static inline double exp_nonpositive(double x) {
    double clamped = x < -708.0 ? -708.0 : x;
    // n = round(x / ln 2), kept in the low bits of `shifted`.
    double shifted = clamped * 1.4426950408889634 + rounding_shift;
    double n = shifted - rounding_shift;
    double r = (clamped - n * ln2_high) - n * ln2_low; // |r| ≤ ln2 / 2
    // Taylor series to degree 13: remainder below 5e-18 on |r| ≤ 0.347.
    double p = 1.0 / 6227020800.0;
    p = p * r + 1.0 / 479001600.0;
    p = p * r + 1.0 / 39916800.0;
    p = p * r + 1.0 / 3628800.0;
    p = p * r + 1.0 / 362880.0;
    p = p * r + 1.0 / 40320.0;
    p = p * r + 1.0 / 5040.0;
    p = p * r + 1.0 / 720.0;
    p = p * r + 1.0 / 120.0;
    p = p * r + 1.0 / 24.0;
    p = p * r + 1.0 / 6.0;
    p = p * r + 0.5;
    p = p * r + 1.0;
    p = p * r + 1.0;
    // 2^n from the exponent field; the shift constant's low 12 bits are 0,
    // so only n + 1023 survives the shift.
    return p * double_of((bits_of(shifted) + 1023) << 52);
}

static inline double log_positive(double x) {
    uint64_t bits = bits_of(x);
    // x = m · 2^e with m in [√½, √2).
    double e = (double)((int64_t)((bits >> 52) & 0x7FF) - 1023);
    double m = double_of((bits & 0x000FFFFFFFFFFFFFull) | 0x3FF0000000000000ull);
    int high = m > 1.4142135623730951;
    m = high ? m * 0.5 : m;
    e = high ? e + 1.0 : e;
    // ln m = 2 atanh(s), s = (m − 1)/(m + 1), |s| ≤ 0.1716.
    double s = (m - 1.0) / (m + 1.0);
    double s2 = s * s;
    double p = 1.0 / 23.0;
    p = p * s2 + 1.0 / 21.0;
    p = p * s2 + 1.0 / 19.0;
    p = p * s2 + 1.0 / 17.0;
    p = p * s2 + 1.0 / 15.0;
    p = p * s2 + 1.0 / 13.0;
    p = p * s2 + 1.0 / 11.0;
    p = p * s2 + 1.0 / 9.0;
    p = p * s2 + 1.0 / 7.0;
    p = p * s2 + 1.0 / 5.0;
    p = p * s2 + 1.0 / 3.0;
    p = p * s2 + 1.0;
    return (e * ln2_high + 2.0 * s * p) + e * ln2_low;
}

double plexus_exp_nonpositive(double x) { return exp_nonpositive(x); }

PLEXUS_CLONES
void plexus_residual_candidates(const double *restrict weights, const double *restrict log_density, int64_t count,
                                double total, double threshold, uint8_t *restrict candidate) {
    for (int64_t i = 0; i < count; i++) {
        // e^x within a few ulps (x clamped to the range where it is finite);
        // the margin, a millionth of the terms, covers the difference from
        // any other correctly rounded exponential many times over.
        double x = log_density[i] > 708.0 ? 708.0 : log_density[i];
        double density = total * (x <= 0.0 ? exp_nonpositive(x) : 1.0 / exp_nonpositive(-x));
        double margin = 1e-6 * (weights[i] + density);
        candidate[i] = weights[i] > threshold && weights[i] - density > threshold - margin;
    }
}
double plexus_log(double x) { return log_positive(x); }

#define LANES 4

// Four doubles as one value: AVX registers in the x86-64-v3 clone, pairs of
// SSE2 registers in the default one. Sums kept per lane, added at the end.
typedef double vec4 __attribute__((vector_size(32)));

// Macros, not functions: passing vec4 by value would differ between clones' ABIs.
#define LOAD4(p) ({ vec4 loaded_; memcpy(&loaded_, (p), sizeof loaded_); loaded_; })
#define SUM4(v) (((v)[0] + (v)[1]) + ((v)[2] + (v)[3]))

PLEXUS_CLONES
double plexus_estep_tile(const double *restrict rows, const double *restrict cols,
                         const double *restrict weights, int32_t count,
                         const plexus_component *restrict components, const int32_t *restrict active,
                         int32_t active_count, const double *restrict base_log_density,
                         double *restrict scratch, double *restrict maximum,
                         double *restrict total, plexus_moments *restrict moments,
                         double *restrict log_density) {
    if (base_log_density) {
        for (int32_t p = 0; p < count; p++) maximum[p] = base_log_density[p];
    } else {
        for (int32_t p = 0; p < count; p++) maximum[p] = -__builtin_inf();
    }
    // Log-densities of the active components, and their maximum per pixel.
    for (int32_t a = 0; a < active_count; a++) {
        const plexus_component c = components[active[a]];
        double *restrict row = scratch + (int64_t)a * count;
        for (int32_t p = 0; p < count; p++) {
            double dr = rows[p] - c.mean_row, dc = cols[p] - c.mean_col;
            double y0 = dr * c.u00, y1 = dr * c.u01 + dc * c.u11;
            double v = c.log_norm - 0.5 * (y0 * y0 + y1 * y1);
            row[p] = v;
            maximum[p] = v > maximum[p] ? v : maximum[p];
        }
    }
    // The fixed part's share of the sum (a finite base, as a log-sum-exp of
    // log-densities always is), or nothing.
    if (base_log_density) {
        // Where the fixed part is the largest term of eight pixels in a row (most
        // of a partial refit's region, far from the free components), its share is
        // e^0 = 1 exactly, as exp_nonpositive(0) returns: no exponential to take.
        int32_t p = 0;
        for (; p + 8 <= count; p += 8) {
            int largest = 1;
            for (int l = 0; l < 8; l++) largest &= base_log_density[p + l] == maximum[p + l];
            if (largest) {
                for (int l = 0; l < 8; l++) total[p + l] = 1.0;
            } else {
                for (int l = 0; l < 8; l++) total[p + l] = exp_nonpositive(base_log_density[p + l] - maximum[p + l]);
            }
        }
        for (; p < count; p++) total[p] = exp_nonpositive(base_log_density[p] - maximum[p]);
    } else {
        for (int32_t p = 0; p < count; p++) total[p] = 0.0;
    }
    for (int32_t a = 0; a < active_count; a++) {
        double *restrict row = scratch + (int64_t)a * count;
        for (int32_t p = 0; p < count; p++) {
            double e = exp_nonpositive(row[p] - maximum[p]);
            row[p] = e;
            total[p] += e;
        }
    }
    // total becomes weight / Σ exp: it turns exponentials into weighted
    // responsibilities; the log-sum-exp, log p(x), feeds the likelihood and
    // replaces the maximum (not needed after this).
    double lanes[LANES] = {0};
    int32_t p = 0;
    for (; p + LANES <= count; p += LANES) {
        for (int l = 0; l < LANES; l++) {
            double s = total[p + l];
            double lse = maximum[p + l] + log_positive(s);
            maximum[p + l] = lse;
            lanes[l] += weights[p + l] * lse;
            total[p + l] = weights[p + l] / s;
        }
    }
    double tile_sum = 0.0;
    for (; p < count; p++) {
        double lse = maximum[p] + log_positive(total[p]);
        maximum[p] = lse;
        tile_sum += weights[p] * lse;
        total[p] = weights[p] / total[p];
    }
    for (int l = 0; l < LANES; l++) tile_sum += lanes[l];
    // Optional: each sample's log p(x), for the residual that births are found in.
    if (log_density) memcpy(log_density, maximum, sizeof(double) * (size_t)count);

    for (int32_t a = 0; moments && a < active_count; a++) {
        const plexus_component c = components[active[a]];
        const double *restrict row = scratch + (int64_t)a * count;
        const vec4 mean_row = {c.mean_row, c.mean_row, c.mean_row, c.mean_row};
        const vec4 mean_col = {c.mean_col, c.mean_col, c.mean_col, c.mean_col};
        vec4 m = {0}, sr = {0}, sc = {0}, srr = {0}, src = {0}, scc = {0};
        int32_t q = 0;
        for (; q + LANES <= count; q += LANES) {
            vec4 w = LOAD4(row + q) * LOAD4(total + q);
            vec4 dr = LOAD4(rows + q) - mean_row, dc = LOAD4(cols + q) - mean_col;
            vec4 wr = w * dr, wc = w * dc;
            m += w; sr += wr; sc += wc;
            srr += wr * dr; src += wr * dc; scc += wc * dc;
        }
        double tail[6] = {0};
        for (; q < count; q++) {
            double w = row[q] * total[q];
            double dr = rows[q] - c.mean_row, dc = cols[q] - c.mean_col;
            double wr = w * dr, wc = w * dc;
            tail[0] += w; tail[1] += wr; tail[2] += wc;
            tail[3] += wr * dr; tail[4] += wr * dc; tail[5] += wc * dc;
        }
        plexus_moments *out = moments + active[a];
        out->mass += SUM4(m) + tail[0];
        out->sum_row += SUM4(sr) + tail[1];
        out->sum_col += SUM4(sc) + tail[2];
        out->sum_row_row += SUM4(srr) + tail[3];
        out->sum_row_col += SUM4(src) + tail[4];
        out->sum_col_col += SUM4(scc) + tail[5];
    }
    return tile_sum;
}
