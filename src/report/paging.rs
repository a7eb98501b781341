//! Page breaks for the printed 评分表 (issue 10): a form is printed, signed
//! and stamped, so no merged 一级/二级 cell may be cut by a page break.
//!
//! The sheet is printed at an explicit scale (Excel ignores manual page
//! breaks under "fit to page"), chosen so that the table fits the width of
//! an A4 landscape page as Excel and WPS draw columns (Calibri 11: 7 pixels
//! per width unit plus 5 pixels of padding; LibreOffice draws the same with
//! the metric-compatible Carlito font). Row heights are set explicitly, so
//! the rows a page holds are known: breaks go between indicator groups,
//! and a group taller than a page is cut between its sub-groups, and only
//! then between rows (its merged cells are then split at the break and
//! repeat their text, so that no merged cell spans two pages).

/// Printable width of A4 landscape with 0.5 inch side margins, in points.
pub const PRINT_WIDTH: f64 = 842.0 - 72.0;
/// Printable height of A4 landscape with 0.6 inch top and bottom margins.
pub const PRINT_HEIGHT: f64 = 595.0 - 86.4;
/// Part of a page filled at most, so that a spreadsheet program that lays
/// rows out a little taller still keeps jixiao's breaks.
const FILL: f64 = 0.95;

/// A group that does not fit moves whole to the next page only if that
/// leaves less than this part of the page empty; else it is cut between its
/// sub-groups (so a form is not half empty pages).
const EMPTY: f64 = 0.35;

/// A column's width in points as Excel draws it, for a width as set with
/// `set_column_width` (in character units).
pub fn column_points(width: f64) -> f64 {
    (7.0 * width + 5.0).round() * 0.75
}

/// LibreOffice draws columns about 6% wider than Excel (measured: a column
/// of width 8 is 48.4 points unscaled against Excel's 45.75); the scale
/// leaves room for that.
const WIDER: f64 = 1.08;

/// The print scale (percent, 10–100) that fits columns of these widths
/// into the page width, in Excel, WPS and LibreOffice.
pub fn scale_for(widths: &[f64]) -> u16 {
    let table: f64 = widths.iter().map(|w| column_points(*w)).sum::<f64>() * WIDER;
    if table <= PRINT_WIDTH {
        return 100;
    }
    let percent = (100.0 * PRINT_WIDTH / table).floor();
    // In range by the check above and the clamp.
    percent.clamp(10.0, 100.0) as u16
}

/// Rows of the sheet that should stay on one page, with the smaller groups
/// inside it that may be split between when the whole does not fit.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub first: u32,
    pub last: u32,
    pub parts: Vec<Block>,
}

impl Block {
    pub fn rows(first: u32, last: u32) -> Block {
        Block {
            first,
            last,
            parts: Vec::new(),
        }
    }
}

/// The page layout of one sheet.
pub struct Pages<'a> {
    /// Height (points) of a row.
    pub height: &'a dyn Fn(u32) -> f64,
    /// Height already used on the first page above the first block
    /// (titles and header rows).
    pub first_page: f64,
    /// Height of the header rows repeated on every following page.
    pub repeated: f64,
    pub scale: u16,
}

impl Pages<'_> {
    /// Rows (zero-based) before which a new page starts.
    pub fn breaks(&self, blocks: &[Block]) -> Vec<u32> {
        let capacity = PRINT_HEIGHT * FILL * 100.0 / f64::from(self.scale.max(10));
        let mut state = State {
            used: self.first_page,
            breaks: Vec::new(),
        };
        for b in blocks {
            self.place(b, capacity, &mut state);
        }
        state.breaks
    }

    fn block_height(&self, b: &Block) -> f64 {
        (b.first..=b.last).map(|r| (self.height)(r)).sum()
    }

    fn new_page(&self, at: u32, state: &mut State) {
        if state.breaks.last() != Some(&at) && at > 0 {
            state.breaks.push(at);
        }
        state.used = self.repeated;
    }

    fn place(&self, b: &Block, capacity: f64, state: &mut State) {
        let h = self.block_height(b);
        if state.used + h <= capacity {
            state.used += h;
            return;
        }
        // Moved whole to the next page, unless that would leave much of this
        // page empty and the block has parts to break between.
        let room = capacity - state.used;
        if self.repeated + h <= capacity && (b.parts.is_empty() || room < capacity * EMPTY) {
            self.new_page(b.first, state);
            state.used += h;
            return;
        }
        // Taller than a page: between its parts, else between rows.
        if b.parts.is_empty() {
            for r in b.first..=b.last {
                let rh = (self.height)(r);
                if state.used + rh > capacity && state.used > self.repeated {
                    self.new_page(r, state);
                }
                state.used += rh;
            }
        } else {
            for p in &b.parts {
                self.place(p, capacity, state);
            }
        }
    }
}

struct State {
    used: f64,
    breaks: Vec<u32>,
}

/// A merged range cut at the page breaks inside it: the pieces, each
/// `(first_row, last_row)`.
pub fn split_at(first: u32, last: u32, breaks: &[u32]) -> Vec<(u32, u32)> {
    let mut out = Vec::new();
    let mut start = first;
    for b in breaks.iter().copied().filter(|b| *b > first && *b <= last) {
        out.push((start, b - 1));
        start = b;
    }
    out.push((start, last));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_move_whole_to_the_next_page() {
        // 10 rows of 100 points at 100%: 4 fit a page (483 points usable).
        let height = |_r: u32| 100.0;
        let pages = Pages {
            height: &height,
            first_page: 0.0,
            repeated: 0.0,
            scale: 100,
        };
        let blocks = [Block::rows(0, 2), Block::rows(3, 5), Block::rows(6, 6)];
        // 0–2 fit; 3–5 do not (600 > 483): new page at 3; 6 fits after.
        assert_eq!(pages.breaks(&blocks), [3]);
        // A group with parts fills a page that would stay mostly empty.
        let group = Block {
            first: 1,
            last: 4,
            parts: vec![Block::rows(1, 2), Block::rows(3, 4)],
        };
        assert_eq!(pages.breaks(&[Block::rows(0, 0), group]), [3]);
        // A group taller than a page is cut between its parts.
        let big = Block {
            first: 0,
            last: 9,
            parts: vec![Block::rows(0, 2), Block::rows(3, 5), Block::rows(6, 9)],
        };
        assert_eq!(pages.breaks(&[big]), [3, 6]);
        // And a part taller than a page between its rows.
        assert_eq!(pages.breaks(&[Block::rows(0, 9)]), [4, 8]);
    }

    #[test]
    fn scale_fits_the_width() {
        assert_eq!(scale_for(&[10.0, 20.0]), 100);
        let wide = vec![20.0; 10];
        let s = scale_for(&wide);
        let used: f64 = wide.iter().map(|w| column_points(*w)).sum::<f64>() * f64::from(s) / 100.0;
        assert!(used * WIDER <= PRINT_WIDTH, "{used}");
        assert!(used * WIDER > PRINT_WIDTH * 0.95, "{used}");
    }

    #[test]
    fn merges_split_at_breaks() {
        assert_eq!(split_at(3, 10, &[6]), [(3, 5), (6, 10)]);
        assert_eq!(split_at(3, 10, &[3, 11]), [(3, 10)]);
        assert_eq!(split_at(3, 10, &[5, 8]), [(3, 4), (5, 7), (8, 10)]);
    }
}
