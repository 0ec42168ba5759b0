// Curves of one metric for one or more runs (`sori runs plot`): as characters for the
// terminal, so a user on a training box over ssh sees the curve at once, and as a PNG
// drawn by gnuplot (Debian package gnuplot-nox) for reports.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace sori::cli {

struct PlotSeries {
  std::string label;                               // legend, e.g. "baseline (a1b2c3d4)"
  std::vector<std::pair<double, double>> points;   // (step, value); NaN/Inf values are skipped
};

struct PlotLabels {
  std::string title;
  std::string x_label;
  std::string y_label;
};

// A plot `width` x `height` characters (the plotting area; axis labels, title and legend
// come on top), one marker character per series (* + o x # @ ...), with the y range's
// min, middle and max on the left and the x range's ends below. Later series draw over
// earlier ones where they share a cell.
std::string RenderTextPlot(const std::vector<PlotSeries>& series, const PlotLabels& labels, int width = 60,
                           int height = 15);

// Draws the series as a PNG (one line per series, x = step) with gnuplot, run without a
// shell on a temp data file and script; out_path is written atomically. Throws kNotFound
// naming the package gnuplot-nox when gnuplot is not installed, kInvalidInput when no
// series has a finite point, kIo when gnuplot fails (with its message).
void WritePngPlot(const std::vector<PlotSeries>& series, const PlotLabels& labels, const std::string& out_path);

}  // namespace sori::cli
