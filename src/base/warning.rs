//! Typed warnings: what kind of thing is worth a look, where, and the
//! Chinese sentence a person reads.
//!
//! Every stage (facts, metrics, rubric, score) produces them; the scorecard
//! collects them in order. A 问题清单 or a read-back groups them by `kind`
//! and finds their cells by `at`, never by parsing the message.

use serde::{Deserialize, Serialize};

use super::Location;

/// What a warning is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningKind {
    /// The same fact has two different values in two cells.
    FactConflict,
    /// A value was taken by assumption (a name from the file name, a year…).
    Assumed,
    /// A value is implausible for its metric.
    Implausible,
    /// Something about the rubric itself: points that do not add up, a
    /// rule above its 分值, a sheet that could not be read, where the
    /// self-scores came from.
    Rubric,
    /// A self-score above the row's 分值.
    SelfScoreAboveMax,
    /// The rule gave more than the row's 分值; the score was capped.
    ScoreCapped,
    /// A self-score that differs from the 核算 score of the same row.
    SelfScoreDiffers,
    /// Rows without a score: the grade is provisional.
    Unscored,
    /// Rows scored by a rule the rubric does not state (origin 参考, the
    /// default rule on a row without a standard): the grade is provisional
    /// unless the configuration adopts the default rules. Also rows whose
    /// value is on another basis than the stated one or implausible: those
    /// keep the grade provisional whatever the configuration.
    Reference,
    /// The department's data is of another year than the batch's `--year`
    /// (last year's workbook sent again).
    WrongYear,
}

/// One warning.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    pub kind: WarningKind,
    /// The cell it is about, when there is one.
    pub at: Option<Location>,
    /// The sentence shown to users.
    pub message: String,
    /// The scorecard row it is about (its index), for a warning about one
    /// row (自评与核算不一致, 自评超分值…): two rows may share a name, so
    /// the 问题清单 finds the row's cells by this, not by the name in the
    /// message. Not part of the JSON a user reads.
    #[serde(skip)]
    pub row: Option<usize>,
}

impl Warning {
    pub fn new(kind: WarningKind, message: impl Into<String>) -> Self {
        Warning {
            kind,
            at: None,
            message: message.into(),
            row: None,
        }
    }

    /// This warning is about the scorecard row at `index`.
    #[must_use]
    pub fn about_row(mut self, index: usize) -> Self {
        self.row = Some(index);
        self
    }

    #[must_use]
    pub fn at(mut self, at: Location) -> Self {
        self.at = Some(at);
        self
    }
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}
