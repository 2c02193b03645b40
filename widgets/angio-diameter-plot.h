/* angio-diameter-plot.h — the diameter function of a QCA analysis, as QCA workstations plot
 * it: lumen diameter against distance along the vessel, the reference diameter, the MLD, the
 * lesion between its borders and the reference markers. The scanline under the pointer is a
 * property, so the image can show where it is, and the other way round. */
#pragma once

#include <gtk/gtk.h>

#include "angio-qca.h"

G_BEGIN_DECLS

#define ANGIO_TYPE_DIAMETER_PLOT (angio_diameter_plot_get_type ())
G_DECLARE_FINAL_TYPE (AngioDiameterPlot, angio_diameter_plot, ANGIO, DIAMETER_PLOT, GtkWidget)

GtkWidget *angio_diameter_plot_new       (void);
/* Plots @qca (nullable: empty; copied) in mm when @mm_per_px is finite, else in pixels. */
void       angio_diameter_plot_set_qca   (AngioDiameterPlot *self,
                                          const AngioQca    *qca,
                                          double             mm_per_px);
/* The scanline marked (−1: none); the pointer over the plot sets it. */
gint       angio_diameter_plot_get_hover (AngioDiameterPlot *self);
void       angio_diameter_plot_set_hover (AngioDiameterPlot *self,
                                          gint               scanline);
/* The scanline drawn at widget position @x, or −1 outside the plot. */
gint       angio_diameter_plot_scanline_at (AngioDiameterPlot *self,
                                            double             x);
/* The plot drawn on @cr (a report, a printed page) at @width × @height in @cr's units, in
 * black, its text in @font ("Sans 7"): as on screen, without the widget. */
void       angio_diameter_plot_draw      (AngioDiameterPlot *self,
                                          cairo_t           *cr,
                                          double             width,
                                          double             height,
                                          const char        *font);
/* The text above the plot: the hovered scanline's diameters, else the MLD; %NULL when empty. */
const char *angio_diameter_plot_get_readout (AngioDiameterPlot *self);

G_END_DECLS
