//! The rubric families' names (DESIGN §2.6). The families themselves are
//! data in `src/family/`; their names live here, at the bottom, so that the
//! settings can carry the family `--family` chose.

use serde::{Deserialize, Serialize};

/// The families jixiao scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Family {
    /// 部门整体支出绩效评价: the built-in profile and catalogue.
    #[default]
    Department,
    /// 部门预算绩效管理工作考核 (隆化县, seed 001).
    Kaohe,
    /// 项目支出绩效自评 (岳阳市云溪区 附件3-2 / 4-2, seed 002).
    Xiangmu,
}

impl Family {
    /// What `--family` accepts: `部门整体`, `考核`.
    pub fn from_arg(s: &str) -> Option<Family> {
        match s.trim() {
            "部门整体" | "部门整体支出" | "department" => Some(Family::Department),
            "考核" | "kaohe" => Some(Family::Kaohe),
            "项目" | "项目支出" | "xiangmu" => Some(Family::Xiangmu),
            _ => None,
        }
    }

    /// The family's name as users see it.
    pub fn label(self) -> &'static str {
        match self {
            Family::Department => "部门整体支出绩效评价",
            Family::Kaohe => "部门预算绩效管理工作考核",
            Family::Xiangmu => "项目支出绩效自评",
        }
    }
}
