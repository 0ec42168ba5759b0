#include "cli/runs_plot.h"

#include <stdlib.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "util/error.h"
#include "util/fs.h"
#include "util/subprocess.h"
#include "util/utf8.h"

namespace sori::cli {
namespace {

constexpr char kMarkers[] = "*+ox#@%&=~";

char MarkerFor(size_t index) { return kMarkers[index % (sizeof(kMarkers) - 1)]; }

std::string Number(double v) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.4g", v);
  return buf;
}

struct Range {
  double lo = 0, hi = 0;
};

// The finite points of every series; false if there are none.
bool Bounds(const std::vector<PlotSeries>& series, Range* x, Range* y) {
  bool any = false;
  for (const PlotSeries& s : series) {
    for (const auto& [px, py] : s.points) {
      if (!std::isfinite(px) || !std::isfinite(py)) continue;
      if (!any) {
        *x = {px, px};
        *y = {py, py};
        any = true;
      }
      x->lo = std::min(x->lo, px);
      x->hi = std::max(x->hi, px);
      y->lo = std::min(y->lo, py);
      y->hi = std::max(y->hi, py);
    }
  }
  return any;
}

// A flat range gets room around it so its one value sits in the middle.
void Widen(Range* r) {
  if (r->hi > r->lo) return;
  const double pad = r->lo != 0 ? std::fabs(r->lo) * 0.1 : 1.0;
  r->lo -= pad;
  r->hi += pad;
}

int Scale(double v, const Range& r, int cells) {
  const double t = (v - r.lo) / (r.hi - r.lo);
  return std::clamp(static_cast<int>(std::lround(t * (cells - 1))), 0, cells - 1);
}

// A string in gnuplot's single quotes, where '' stands for one quote.
std::string GnuplotQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

// A private temp folder, removed with what is in it.
class TempFolder {
 public:
  TempFolder() {
    const char* base = std::getenv("TMPDIR");
    std::string tmpl = std::string(base != nullptr && *base != '\0' ? base : "/tmp") + "/sori-plot-XXXXXX";
    if (::mkdtemp(tmpl.data()) == nullptr) {
      throw Error(ErrorCode::kIo, "cannot create a temp folder from '" + tmpl + "'");
    }
    path_ = tmpl;
  }
  ~TempFolder() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempFolder(const TempFolder&) = delete;
  TempFolder& operator=(const TempFolder&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::string Script(const std::string& terminal, const std::vector<const PlotSeries*>& drawn, const PlotLabels& labels,
                   const std::string& data_path, const std::string& png_path) {
  std::string s;
  s += "set terminal " + terminal + " size 960,600 noenhanced\n";
  s += "set output " + GnuplotQuote(png_path) + "\n";
  s += "set title " + GnuplotQuote(labels.title) + "\n";
  s += "set xlabel " + GnuplotQuote(labels.x_label) + "\n";
  s += "set ylabel " + GnuplotQuote(labels.y_label) + "\n";
  s += "set key outside right top\nset grid\n";
  s += "plot ";
  for (size_t i = 0; i < drawn.size(); ++i) {
    if (i) s += ", \\\n     ";
    s += (i == 0 ? GnuplotQuote(data_path) : std::string("''")) + " index " + std::to_string(i) +
         " using 1:2 with linespoints pointtype 7 pointsize 0.6 title " + GnuplotQuote(drawn[i]->label);
  }
  return s + "\n";
}

}  // namespace

std::string RenderTextPlot(const std::vector<PlotSeries>& series, const PlotLabels& labels, int width, int height) {
  width = std::max(width, 10);
  height = std::max(height, 3);
  std::string out;
  if (!labels.title.empty()) out += labels.title + "\n";
  Range x, y;
  if (!Bounds(series, &x, &y)) return out + "(no finite values to plot)\n";
  Widen(&x);
  Widen(&y);

  std::vector<std::string> grid(static_cast<size_t>(height), std::string(static_cast<size_t>(width), ' '));
  for (size_t i = 0; i < series.size(); ++i) {
    for (const auto& [px, py] : series[i].points) {
      if (!std::isfinite(px) || !std::isfinite(py)) continue;
      const int col = Scale(px, x, width);
      const int row = height - 1 - Scale(py, y, height);
      grid[static_cast<size_t>(row)][static_cast<size_t>(col)] = MarkerFor(i);
    }
  }

  // y labels on the top, middle and bottom rows.
  std::vector<std::string> y_labels(static_cast<size_t>(height));
  y_labels.front() = Number(y.hi);
  y_labels.back() = Number(y.lo);
  y_labels[static_cast<size_t>(height / 2)] = Number(y.lo + (y.hi - y.lo) * (height - 1 - height / 2) / (height - 1));
  size_t label_width = 0;
  for (const std::string& l : y_labels) label_width = std::max(label_width, l.size());

  for (int row = 0; row < height; ++row) {
    const std::string& l = y_labels[static_cast<size_t>(row)];
    out += std::string(label_width - l.size(), ' ') + l + (l.empty() ? " |" : " +") + grid[static_cast<size_t>(row)];
    while (!out.empty() && out.back() == ' ') out.pop_back();
    out += "\n";
  }
  const std::string indent(label_width + 1, ' ');
  out += indent + "+" + std::string(static_cast<size_t>(width), '-') + "\n";
  const std::string x_lo = Number(x.lo), x_hi = Number(x.hi);
  // The x range's ends under the first and last columns of the plot.
  const size_t gap = static_cast<size_t>(std::max(1, width - static_cast<int>(x_lo.size() + x_hi.size())));
  out += indent + " " + x_lo + std::string(gap, ' ') + x_hi + "\n";
  if (!labels.x_label.empty()) {
    const int centre = static_cast<int>(label_width) + 2 + (width - DisplayWidth(labels.x_label)) / 2;
    out += std::string(static_cast<size_t>(std::max(centre, 0)), ' ') + labels.x_label + "\n";
  }
  std::string legend;
  for (size_t i = 0; i < series.size(); ++i) {
    legend += (i ? "   " : "  ") + std::string(1, MarkerFor(i)) + " " + series[i].label;
  }
  return out + legend + "\n";
}

void WritePngPlot(const std::vector<PlotSeries>& series, const PlotLabels& labels, const std::string& out_path) {
  if (!ProgramExists("gnuplot")) {
    throw Error(ErrorCode::kNotFound,
                "gnuplot is not installed; install the Debian package gnuplot-nox (sudo apt-get install "
                "gnuplot-nox), or leave out --out for a plot in the terminal");
  }
  // One data block per series with finite points; blocks are separated by two blank
  // lines, which is what gnuplot's `index` counts.
  std::string data;
  std::vector<const PlotSeries*> drawn;
  for (const PlotSeries& s : series) {
    std::string block;
    for (const auto& [px, py] : s.points) {
      if (!std::isfinite(px) || !std::isfinite(py)) continue;
      char line[96];
      std::snprintf(line, sizeof(line), "%.17g %.17g\n", px, py);
      block += line;
    }
    if (block.empty()) continue;
    if (!drawn.empty()) data += "\n\n";
    data += "# " + s.label + "\n" + block;
    drawn.push_back(&s);
  }
  if (drawn.empty()) throw Error(ErrorCode::kInvalidInput, "nothing to plot: no run has a finite value of the metric");

  TempFolder tmp;
  const std::string data_path = tmp.path() + "/data.txt";
  const std::string png_path = tmp.path() + "/plot.png";
  WriteFileAtomic(data_path, data);
  ProcessResult r;
  // pngcairo draws smoother lines; builds without cairo still have the libgd png terminal.
  for (const char* terminal : {"pngcairo", "png"}) {
    const std::string script_path = tmp.path() + "/plot.gp";
    WriteFileAtomic(script_path, Script(terminal, drawn, labels, data_path, png_path));
    r = RunProcess({"gnuplot", script_path}, 60.0, size_t{1} << 20);
    if (r.exit_code == 0 && !r.timed_out) break;
  }
  std::error_code ec;
  if (r.exit_code != 0 || r.timed_out || std::filesystem::file_size(png_path, ec) == 0 || ec) {
    throw Error(ErrorCode::kIo, "gnuplot could not draw '" + out_path + "'" +
                                    (r.timed_out ? std::string(" (timed out after 60 s)") : "") + ": " + r.err);
  }
  WriteFileAtomic(out_path, ReadFileToString(png_path, uint64_t{1} << 28));
}

}  // namespace sori::cli
