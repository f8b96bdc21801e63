//! Colours for light and dark mode. The series palette is Okabe–Ito (safe for colour-blind
//! readers); the heatmap ramps stay pale (light) or deep (dark) so paths stand out on them.

use plotters::style::{RGBColor, RGBAColor, Color};

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Theme {
    pub dark: bool,
    pub bg: RGBColor,
    pub fg: RGBColor,
    pub axis: RGBColor,
    pub grid: RGBAColor,
    pub contour: RGBAColor,
    /// Heatmap ramp from low loss to high loss.
    pub heat: [(u8, u8, u8); 4],
    palette: [RGBColor; 6],
}

impl Theme {
    pub fn light() -> Self {
        Theme {
            dark: false,
            bg: RGBColor(255, 255, 255),
            fg: RGBColor(28, 30, 36),
            axis: RGBColor(90, 94, 105),
            grid: RGBColor(0, 0, 0).mix(0.08),
            contour: RGBColor(40, 50, 80).mix(0.35),
            heat: [(250, 251, 255), (214, 226, 246), (186, 196, 232), (214, 190, 222)],
            palette: [
                RGBColor(0, 114, 178),   // blue
                RGBColor(213, 94, 0),    // vermillion
                RGBColor(0, 140, 100),   // bluish green (darkened for contrast)
                RGBColor(170, 68, 153),  // reddish purple (darkened)
                RGBColor(176, 124, 0),   // orange (darkened)
                RGBColor(40, 40, 40),    // near black
            ],
        }
    }

    pub fn dark() -> Self {
        Theme {
            dark: true,
            bg: RGBColor(22, 24, 30),
            fg: RGBColor(230, 232, 238),
            axis: RGBColor(170, 174, 186),
            grid: RGBColor(255, 255, 255).mix(0.08),
            contour: RGBColor(200, 210, 235).mix(0.30),
            heat: [(20, 26, 44), (34, 50, 84), (58, 70, 112), (92, 72, 112)],
            palette: [
                RGBColor(86, 180, 233),  // sky blue
                RGBColor(255, 140, 60),  // orange
                RGBColor(60, 210, 160),  // green
                RGBColor(230, 140, 210), // pink
                RGBColor(240, 228, 66),  // yellow
                RGBColor(240, 240, 240), // near white
            ],
        }
    }

    pub fn new(dark: bool) -> Self {
        if dark { Self::dark() } else { Self::light() }
    }

    /// Colour `i` of the series palette (wraps around).
    pub fn series(&self, i: usize) -> RGBColor {
        self.palette[i % self.palette.len()]
    }

    /// CSS hex of series colour `i`, for legends drawn in HTML.
    pub fn series_css(&self, i: usize) -> String {
        let RGBColor(r, g, b) = self.series(i);
        format!("#{r:02x}{g:02x}{b:02x}")
    }
}
