//! The command line as typed (clap derive). Doc comments are the `--help`
//! text, in Chinese. Nothing here is resolved or validated beyond syntax.

use std::path::PathBuf;

use clap::{ArgAction, Args, Parser, Subcommand};

const HELP: &str = "{about}\n\n用法：{usage}\n\n{all-args}{after-help}";
const SUB_HELP: &str = "{about}\n\n用法：{usage}\n\n{all-args}{after-help}";

/// jixiao：部门整体支出绩效评价自动评分工具
#[derive(Debug, Parser)]
#[command(
    name = "jixiao",
    version,
    help_template = HELP,
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true,
    args_conflicts_with_subcommands = true,
    subcommand_help_heading = "命令",
    subcommand_value_name = "命令",
    after_help = "运行 jixiao <命令> --help 查看各命令的用法。\n退出码：0 全部成功；1 有部门未能评分；2 用法、配置或评分表有误。"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// 不写命令时（即把文件或文件夹拖到 jixiao.exe 上）：给一个部门数据文件则为它评分，结果写在文件旁边（已有评分结果时另存为“…_评分(2).xlsx”，不覆盖）；给一个文件夹则批量评分，结果写入“<文件夹>_评分结果”（同 batch）；都不给时显示简短用法
    #[arg(value_name = "文件或文件夹", help_heading = "参数")]
    pub inputs: Vec<PathBuf>,
    /// 显示帮助
    #[arg(short = 'h', long = "help", action = ArgAction::Help, global = true, help_heading = "选项")]
    help: Option<bool>,
    /// 显示版本号
    #[arg(short = 'V', long = "version", action = ArgAction::Version, help_heading = "选项")]
    version: Option<bool>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// 为一个部门评分：读取部门数据表，填写评分表，生成《…_评分.xlsx》
    #[command(help_template = SUB_HELP, override_usage = "jixiao score <输入文件> [--rubric <评分表>] [--config <配置文件>] [--profile <标签配置>] [--out <输出文件>] [--json] [--force]")]
    Score(ScoreArgs),
    /// 批量评分：为文件夹中的全部部门数据表评分，生成各单位的评分表和《汇总.xlsx》
    #[command(help_template = SUB_HELP, override_usage = "jixiao batch <文件夹或文件>... --out <输出文件夹> [--rubric <评分表>] [--jobs <并行数>] [--config <配置文件>] [--year <年度>] [--profile <标签配置>] [--quiet]")]
    Batch(BatchArgs),
    /// 汇总已评分（含审核修改）的评分表：读取各单位的《…_评分.xlsx》（Excel、WPS 或 LibreOffice 保存的 .xlsx、.ods 均可），采用审核得分，重新计算总分和等级，生成《汇总.xlsx》
    #[command(help_template = SUB_HELP, override_usage = "jixiao aggregate <文件夹或文件>... --out <输出文件夹> [--year <年度>]")]
    Aggregate(AggregateArgs),
    /// 检查部门数据表：列出读到的每项数据及其来源单元格，以及缺少的数据
    #[command(help_template = SUB_HELP, override_usage = "jixiao check <输入文件> [--profile <标签配置>]")]
    Check(CheckArgs),
    /// 生成空白的部门数据模板和默认评分表
    #[command(help_template = SUB_HELP, override_usage = "jixiao template --out <目录> [--force]")]
    Template(TemplateArgs),
    /// 查看 jixiao 如何理解一条评分规则文字，并可代入数值试算得分
    #[command(help_template = SUB_HELP, override_usage = "jixiao rule \"<规则文字>\" --max <分值> [--value <数值>] [--json]")]
    Rule(RuleArgs),
    /// Internal: a batch worker process (not for users).
    #[command(name = "__worker", hide = true)]
    Worker(WorkerArgs),
}

#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// 部门数据文件（.xlsx、.xls 或 .ods）
    #[arg(value_name = "输入文件", help_heading = "参数")]
    pub input: PathBuf,
    /// 评分表文件；不指定时，使用部门数据文件中的“评分表”工作表或内置默认评分表
    #[arg(long, value_name = "评分表", help_heading = "选项")]
    pub rubric: Option<PathBuf>,
    /// 评分表类型：部门整体（部门整体支出绩效评价，默认）或 考核（部门预算绩效管理工作考核）；不指定时按评分表的指标名称自动识别，见 docs/评分表类型.md
    #[arg(long, value_name = "类型", help_heading = "选项")]
    pub family: Option<String>,
    /// 配置文件（jixiao.toml）：可指定某些指标对应的指标代码或评分规则，见 docs/评分表与规则写法.md
    #[arg(long, value_name = "配置文件", help_heading = "选项")]
    pub config: Option<PathBuf>,
    /// 标签配置文件（如 别名.toml）：为数据项、评分表列名和指标名称补充写法，见 docs/标签配置.md；与配置文件中的 profile 同时生效
    #[arg(long, value_name = "标签配置", help_heading = "选项")]
    pub profile: Option<PathBuf>,
    /// 输出文件；默认为输入文件旁的《<输入名>_评分.xlsx》
    #[arg(long, value_name = "输出文件", help_heading = "选项")]
    pub out: Option<PathBuf>,
    /// 同时在标准输出打印 JSON 格式的评分结果
    #[arg(long, help_heading = "选项")]
    pub json: bool,
    /// 输出文件已存在时覆盖它（输入文件永远不会被覆盖）
    #[arg(long, help_heading = "选项")]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// 部门数据文件（.xlsx、.xls 或 .ods）
    #[arg(value_name = "输入文件", help_heading = "参数")]
    pub input: PathBuf,
    /// 配置文件（jixiao.toml）：取其中的标签配置（profile）和评分表类型（family），与评分时相同，见 docs/定时运行.md
    #[arg(long, value_name = "配置文件", help_heading = "选项")]
    pub config: Option<PathBuf>,
    /// 标签配置文件（如 别名.toml）：为数据项补充标签写法，见 docs/标签配置.md；与配置文件中的 profile 同时生效
    #[arg(long, value_name = "标签配置", help_heading = "选项")]
    pub profile: Option<PathBuf>,
    /// 评分表类型：部门整体（部门整体支出绩效评价，默认）或 考核（部门预算绩效管理工作考核）；不指定时按评分表的指标名称自动识别，见 docs/评分表类型.md
    #[arg(long, value_name = "类型", help_heading = "选项")]
    pub family: Option<String>,
}

#[derive(Debug, Args)]
pub struct TemplateArgs {
    /// 输出目录（不存在时自动创建）
    #[arg(long, value_name = "目录", help_heading = "选项")]
    pub out: PathBuf,
    /// 目录中已有同名文件时覆盖
    #[arg(long, help_heading = "选项")]
    pub force: bool,
    /// 模板类型：部门整体（默认）或 考核，见 docs/评分表类型.md
    #[arg(long, value_name = "类型", help_heading = "选项")]
    pub family: Option<String>,
}

#[derive(Debug, Args)]
pub struct RuleArgs {
    /// 评分规则文字，如“≥90%计5分；80%（含）-90%计4分”
    #[arg(value_name = "规则文字", help_heading = "参数")]
    pub text: String,
    /// 该指标的分值
    #[arg(long, value_name = "分值", help_heading = "选项")]
    pub max: String,
    /// 代入试算的指标值，如 85%、0.85、-3.2%
    #[arg(
        long,
        value_name = "数值",
        allow_hyphen_values = true,
        help_heading = "选项"
    )]
    pub value: Option<String>,
    /// 以 JSON 输出 {"kind", "reading", "score", "manual"}
    #[arg(long, help_heading = "选项")]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct BatchArgs {
    /// 部门数据所在的文件夹（含子文件夹）或文件；可写多个。不写时取配置文件 [batch] 中的 input
    #[arg(value_name = "文件夹或文件", help_heading = "参数")]
    pub inputs: Vec<PathBuf>,
    /// 输出文件夹：各单位的评分表、《汇总.xlsx》《汇总.csv》《汇总.json》和运行记录写在这里
    #[arg(long, value_name = "输出文件夹", help_heading = "选项")]
    pub out: Option<PathBuf>,
    /// 评分表文件，全部单位使用同一张评分表；不指定时各单位使用自带的“评分表”工作表或内置默认评分表
    #[arg(long, value_name = "评分表", help_heading = "选项")]
    pub rubric: Option<PathBuf>,
    /// 评分表类型：部门整体（默认）或 考核；不指定时按评分表的指标名称自动识别，见 docs/评分表类型.md
    #[arg(long, value_name = "类型", help_heading = "选项")]
    pub family: Option<String>,
    /// 同时评分的单位数，默认为本机处理器核数
    #[arg(long, value_name = "并行数", help_heading = "选项")]
    pub jobs: Option<usize>,
    /// 配置文件（jixiao.toml）：其中 [batch] 可写输入、评分表、输出文件夹和年度，命令行参数优先
    #[arg(long, value_name = "配置文件", help_heading = "选项")]
    pub config: Option<PathBuf>,
    /// 评价年度：填入配置文件路径中的 {year}，并写在汇总表标题中
    #[arg(long, value_name = "年度", help_heading = "选项")]
    pub year: Option<i32>,
    /// 标签配置文件（如 别名.toml），见 docs/标签配置.md
    #[arg(long, value_name = "标签配置", help_heading = "选项")]
    pub profile: Option<PathBuf>,
    /// 上年的《汇总.json》：汇总表中加列上年总分、上年等级和较上年变化；不指定时，若输出文件夹路径含年度，自动查找上一年度同名文件夹中的汇总.json
    #[arg(long, value_name = "上年汇总", help_heading = "选项")]
    pub previous: Option<PathBuf>,
    /// 不显示进度
    #[arg(long, help_heading = "选项")]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct AggregateArgs {
    /// 已评分的评分表所在的文件夹（含子文件夹）或文件；可写多个
    #[arg(value_name = "文件夹或文件", help_heading = "参数")]
    pub inputs: Vec<PathBuf>,
    /// 输出文件夹：《汇总.xlsx》《汇总.csv》《汇总.json》写在这里
    #[arg(long, value_name = "输出文件夹", help_heading = "选项")]
    pub out: Option<PathBuf>,
    /// 评价年度：写在汇总表标题中；不指定时取各评分表记录的年度（一致时）
    #[arg(long, value_name = "年度", help_heading = "选项")]
    pub year: Option<i32>,
}

/// Arguments of the hidden worker process: what it needs to load.
#[derive(Debug, Args)]
pub struct WorkerArgs {
    #[arg(long)]
    pub config: Option<PathBuf>,
    #[arg(long)]
    pub profile: Option<PathBuf>,
    #[arg(long)]
    pub rubric: Option<PathBuf>,
    #[arg(long)]
    pub family: Option<String>,
    #[arg(long, default_value_t = 2048)]
    pub memory_mb: u64,
}

/// A command-line error in Chinese (clap's own words are English): what was
/// wrong, with the argument and value named, and the usage line.
pub fn describe_usage_error(e: &clap::Error) -> String {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let get = |kind: ContextKind| match e.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(v)) => Some(v.join("、")),
        Some(ContextValue::StyledStr(s)) => Some(s.to_string()),
        Some(ContextValue::StyledStrs(v)) => Some(
            v.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("、"),
        ),
        _ => None,
    };
    let arg = get(ContextKind::InvalidArg).unwrap_or_default();
    let value = get(ContextKind::InvalidValue).unwrap_or_default();
    let what = match e.kind() {
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            let mut s = format!("参数 {arg} 的值「{value}」无效");
            if value.is_empty() {
                s = format!("参数 {arg} 后面缺少取值");
            } else if let Some(valid) = get(ContextKind::ValidValue).filter(|v| !v.is_empty()) {
                s.push_str(&format!("，可写：{valid}"));
            } else if value.parse::<f64>().is_err() && value.chars().any(|c| !c.is_ascii_digit()) {
                s.push_str("（这里应填一个数）");
            }
            s
        }
        ErrorKind::UnknownArgument => {
            let mut s = format!("不认识的参数「{arg}」");
            if let Some(hint) = get(ContextKind::SuggestedArg) {
                s.push_str(&format!("，是否想写 {hint}？"));
            } else if arg.starts_with('-') && arg[1..].parse::<f64>().is_ok() {
                s.push_str(&format!(
                    "：如果它是前一个参数的负数取值，请用等号连写，如 --max={arg}"
                ));
            }
            s
        }
        ErrorKind::InvalidSubcommand => {
            let mut s = format!("不认识的命令「{arg}」");
            if let Some(hint) = get(ContextKind::SuggestedSubcommand) {
                s.push_str(&format!("，是否想写 {hint}？"));
            }
            s
        }
        ErrorKind::MissingRequiredArgument => format!("缺少必需的参数：{arg}"),
        ErrorKind::MissingSubcommand => "缺少命令（如 score、batch、check）".to_string(),
        ErrorKind::ArgumentConflict => match get(ContextKind::PriorArg) {
            Some(other) if other != arg => format!("参数 {arg} 不能与 {other} 同时使用"),
            _ => format!("参数 {arg} 只能写一次"),
        },
        ErrorKind::TooManyValues => {
            format!("参数 {arg} 只能写一个值（多写了「{value}」）")
        }
        ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => {
            format!("参数 {arg} 的取值个数不对")
        }
        _ => String::new(),
    };
    let usage = get(ContextKind::Usage)
        .map(|u| {
            u.trim()
                .strip_prefix("Usage:")
                .map_or_else(|| u.trim().to_string(), |r| r.trim().to_string())
        })
        .unwrap_or_default();
    let end = if what.ends_with('？') { "" } else { "。" };
    match (what.is_empty(), usage.is_empty()) {
        // A kind not translated: its English kept, nothing lost.
        (true, _) => format!(
            "错误：命令行参数有误。运行 jixiao --help 查看用法。\n{}",
            e.render()
        ),
        (false, true) => format!("错误：{what}{end}运行 jixiao --help 查看用法。\n"),
        (false, false) => {
            format!("错误：{what}{end}\n用法：{usage}\n运行 jixiao --help 查看全部说明。\n")
        }
    }
}
