//! The command line, as clap parses it.

use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use lamplight_client::{ProfileRef, Role};
use time::Date;

const EXIT_CODES: &str = "\
Exit codes: 0 success; 1 Lamplight refused a request or could not be reached; \
2 a usage, credentials, map or input error (nothing was sent); \
3 an import finished with failed or uncertain rows; 130 interrupted (Ctrl-C).

Credentials come from LAMPLIGHT_LAMPID, LAMPLIGHT_PROJECT, LAMPLIGHT_KEY and LAMPLIGHT_BASE_URL, \
or the flags of the same names. Prefer the environment for the key: a flag's value can be seen \
by other users of the machine in the process list. The key is never shown.";

/// `lamplight`: read, write and import through the Lamplight publishing API.
#[derive(Debug, Parser)]
#[command(name = "lamplight", version, about, after_help = EXIT_CODES)]
pub struct Cli {
    /// Options every command takes.
    #[command(flatten)]
    pub global: GlobalArgs,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes: output format and credentials.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Print one JSON document instead of tables, for scripts.
    #[arg(long, global = true)]
    pub json: bool,
    /// The Lamplight system's id.
    #[arg(long, global = true, env = "LAMPLIGHT_LAMPID", value_name = "N")]
    pub lampid: Option<u64>,
    /// The project number.
    #[arg(long, global = true, env = "LAMPLIGHT_PROJECT", value_name = "N")]
    pub project: Option<u64>,
    /// The API key (better given as LAMPLIGHT_KEY; never shown).
    #[arg(
        long,
        global = true,
        env = "LAMPLIGHT_KEY",
        hide_env_values = true,
        value_name = "KEY"
    )]
    pub key: Option<ApiKey>,
    /// The API's address (default `https://lamplight.online/api/`).
    #[arg(long, global = true, env = "LAMPLIGHT_BASE_URL", value_name = "URL")]
    pub base_url: Option<String>,
    /// Seconds one request may take (default 30).
    #[arg(long, global = true, value_name = "SECONDS")]
    pub timeout: Option<u64>,
}

/// The API key: `Debug` never shows it.
#[derive(Clone)]
pub struct ApiKey(pub(crate) String);

impl ApiKey {
    /// The key's text, to hand to the client or to blank out of messages.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl std::str::FromStr for ApiKey {
    type Err = std::convert::Infallible;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(ApiKey(s.to_owned()))
    }
}

/// What `lamplight` is asked to do; each variant's comment is its line in `--help`.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List every workarea (the two-level tree).
    Workareas,
    /// Published work records: sessions, events, courses.
    Work {
        /// list or show.
        #[command(subcommand)]
        action: WorkCommand,
    },
    /// Published people.
    People {
        /// list or show.
        #[command(subcommand)]
        action: ProfileReadCommand,
    },
    /// Published organisations.
    Orgs {
        /// list or show.
        #[command(subcommand)]
        action: ProfileReadCommand,
    },
    /// Published families.
    Families {
        /// list or show.
        #[command(subcommand)]
        action: ProfileReadCommand,
    },
    /// Create a referral.
    Referral {
        /// add.
        #[command(subcommand)]
        action: ReferralCommand,
    },
    /// Create or update a person's, organisation's or family's profile.
    Profile {
        /// add or update.
        #[command(subcommand)]
        action: ProfileWriteCommand,
    },
    /// Add an attendee to one or more work records.
    Attend(AttendArgs),
    /// Run the Lamplight emulator on this machine until Ctrl-C.
    Sandbox(SandboxArgs),
    /// Check a `lamplight.toml` schema file, or print Rust structs from it.
    Schema {
        /// check or rust.
        #[command(subcommand)]
        action: SchemaCommand,
    },
    /// Bulk-import referrals or people from a CSV file, resumably.
    Import {
        /// referrals or people.
        #[command(subcommand)]
        what: ImportCommand,
    },
}

/// `lamplight work ...`.
#[derive(Debug, Subcommand)]
pub enum WorkCommand {
    /// List published work records.
    List(WorkListArgs),
    /// Show one work record in full.
    Show {
        /// The work record's id.
        id: u64,
    },
}

/// Paging: one page (`--num`, `--start`) or every page (`--all`).
#[derive(Debug, Args)]
pub struct PageArgs {
    /// How many records per page.
    #[arg(long, value_name = "N")]
    pub num: Option<u64>,
    /// How many matching records to skip.
    #[arg(long, value_name = "N")]
    pub start: Option<u64>,
    /// Fetch every page, not just the first.
    #[arg(long)]
    pub all: bool,
}

/// `lamplight work list`.
#[derive(Debug, Args)]
pub struct WorkListArgs {
    /// Only records starting on or after this day (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub after: Option<Date>,
    /// Only records starting on or before this day (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub before: Option<Date>,
    /// Only records in these workareas (ids, comma-separated or repeated).
    #[arg(long, value_delimiter = ',', value_name = "ID")]
    pub workarea: Vec<u64>,
    /// Only records matching this text.
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,
    /// The order, as Lamplight names it (start_date, title, ...).
    #[arg(long, value_name = "FIELD")]
    pub order: Option<String>,
    /// Paging.
    #[command(flatten)]
    pub page: PageArgs,
}

/// `lamplight people|orgs|families ...`.
#[derive(Debug, Subcommand)]
pub enum ProfileReadCommand {
    /// List published profiles of one role.
    List(ProfileListArgs),
    /// Show one profile in full.
    Show {
        /// The profile's id.
        id: u64,
        /// Its role: user, contact, staff, funder or org.
        #[arg(long, default_value = "user")]
        role: Role,
    },
}

/// `lamplight people list` and the like.
#[derive(Debug, Args)]
pub struct ProfileListArgs {
    /// The role to list: user, contact, staff, funder or org.
    #[arg(long, default_value = "user")]
    pub role: Role,
    /// Return profiles in full (address, contact details, custom fields).
    #[arg(long)]
    pub full: bool,
    /// Only profiles near this postcode, or these coordinates written `LAT,LNG`.
    #[arg(long, value_name = "POSTCODE")]
    pub near: Option<String>,
    /// The radius of --near, in metres.
    #[arg(
        long,
        default_value_t = 10_000,
        value_name = "METRES",
        requires = "near"
    )]
    pub radius: u32,
    /// Only profiles whose published field LABEL contains VALUE (repeatable).
    #[arg(long, value_parser = parse_assignment, value_name = "LABEL=VALUE")]
    pub filter: Vec<Assignment>,
    /// Only profiles matching this text.
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,
    /// The order, as Lamplight names it (name, surname, postcode, ...).
    #[arg(long, value_name = "FIELD")]
    pub order: Option<String>,
    /// Paging.
    #[command(flatten)]
    pub page: PageArgs,
}

/// `lamplight referral ...`.
#[derive(Debug, Subcommand)]
pub enum ReferralCommand {
    /// Create a referral.
    Add(ReferralAddArgs),
}

/// `lamplight referral add`.
#[derive(Debug, Args)]
pub struct ReferralAddArgs {
    /// The person referred: a profile id or email (the profile must exist).
    #[arg(long, value_name = "ID|EMAIL")]
    pub attendee: ProfileRef,
    /// Who referred them: a profile id or email.
    #[arg(long, value_name = "ID|EMAIL")]
    pub referrer: Option<ProfileRef>,
    /// Why they were referred.
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
    /// The referral's date: 2026-01-31, 31/01/2026, either with a time such as 13:15 (default:
    /// now).
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// Workarea ids (comma-separated or repeated).
    #[arg(long, value_delimiter = ',', value_name = "ID")]
    pub workarea: Vec<u64>,
    /// A custom field: 'Label=value'. Repeat a label, or write 'Label[]=value', for a
    /// multi-select.
    #[arg(long, value_parser = parse_assignment, value_name = "LABEL=VALUE")]
    pub field: Vec<Assignment>,
}

/// `lamplight profile ...`.
#[derive(Debug, Subcommand)]
pub enum ProfileWriteCommand {
    /// Create a profile.
    Add(ProfileFieldArgs),
    /// Change a profile; fields not given are left as they are.
    Update {
        /// The profile's id.
        id: u64,
        /// The fields to change.
        #[command(flatten)]
        fields: ProfileFieldArgs,
    },
}

/// The kinds of profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ProfileKindArg {
    /// A person (people/...).
    Person,
    /// An organisation (orgs/...).
    Organisation,
    /// A family (family/...).
    Family,
}

/// The fields of `lamplight profile add|update`.
#[derive(Debug, Args)]
pub struct ProfileFieldArgs {
    /// The kind of profile.
    #[arg(long, value_enum, default_value = "person")]
    pub kind: ProfileKindArg,
    /// The profile's role: user, contact, staff, funder or org.
    #[arg(long)]
    pub role: Role,
    /// A person's first name.
    #[arg(long)]
    pub first_name: Option<String>,
    /// A person's surname.
    #[arg(long)]
    pub surname: Option<String>,
    /// An organisation's or family's name.
    #[arg(long)]
    pub name: Option<String>,
    /// An address line (repeat for lines 1 to 5).
    #[arg(long, value_name = "LINE")]
    pub address: Vec<String>,
    /// The postcode (checked and normalised: sw1a1aa becomes SW1A 1AA).
    #[arg(long)]
    pub postcode: Option<String>,
    /// The mobile number.
    #[arg(long)]
    pub mobile: Option<String>,
    /// The phone number.
    #[arg(long)]
    pub phone: Option<String>,
    /// The email address.
    #[arg(long)]
    pub email: Option<String>,
    /// The website.
    #[arg(long)]
    pub web: Option<String>,
    /// Whether the profile is published through the API.
    #[arg(long, value_name = "BOOL")]
    pub publishable: Option<bool>,
    /// Whether the API may update the profile later.
    #[arg(long, value_name = "BOOL")]
    pub publish_update: Option<bool>,
    /// A custom field: 'Label=value'. Repeat a label, or write 'Label[]=value', for a
    /// multi-select.
    #[arg(long, value_parser = parse_assignment, value_name = "LABEL=VALUE")]
    pub field: Vec<Assignment>,
    /// A custom field by id: 'N=value' (sent as profile_field_N; options as option_M).
    #[arg(long, value_parser = parse_field_id, value_name = "N=VALUE")]
    pub field_id: Vec<(u32, String)>,
}

/// `lamplight attend`.
#[derive(Debug, Args)]
pub struct AttendArgs {
    /// The work records (ids, comma-separated or repeated).
    #[arg(long, required = true, value_delimiter = ',', value_name = "ID")]
    pub work: Vec<u64>,
    /// The attendee: a profile id or email.
    #[arg(long, value_name = "ID|EMAIL")]
    pub attendee: ProfileRef,
    /// Notes about the attendance.
    #[arg(long)]
    pub notes: Option<String>,
}

/// `lamplight sandbox`.
#[derive(Debug, Args)]
pub struct SandboxArgs {
    /// A sandbox configuration (TOML); without it, the demo charity.
    #[arg(long, value_name = "FILE.toml")]
    pub config: Option<PathBuf>,
    /// The address to listen on (port 0: any free port).
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
}

/// `lamplight import ...`.
#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Import referrals (referral/add), one per CSV row.
    Referrals(ImportArgs),
    /// Import profiles (people/add, or orgs/family with `kind` in the map), one per CSV row.
    People(ImportArgs),
}

/// How many rows an import sends at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Concurrency {
    /// Always this many (1 to 64).
    Fixed(u16),
    /// Adapted to the server as the import goes (additive increase, multiplicative decrease),
    /// between 1 and [`Concurrency::MAX`].
    Auto,
}

impl Concurrency {
    /// The most rows in flight, in either mode.
    pub const MAX: u16 = 64;

    /// The most rows this setting ever has in flight.
    ///
    /// ```
    /// use lamplight_cli::cli::Concurrency;
    ///
    /// assert_eq!(Concurrency::Fixed(8).ceiling(), 8);
    /// assert_eq!(Concurrency::Auto.ceiling(), Concurrency::MAX);
    /// ```
    pub fn ceiling(self) -> u16 {
        match self {
            Concurrency::Fixed(n) => n,
            Concurrency::Auto => Concurrency::MAX,
        }
    }
}

impl fmt::Display for Concurrency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Concurrency::Fixed(n) => write!(f, "{n}"),
            Concurrency::Auto => f.write_str("auto"),
        }
    }
}

fn parse_concurrency(text: &str) -> Result<Concurrency, String> {
    if text.eq_ignore_ascii_case("auto") {
        return Ok(Concurrency::Auto);
    }
    match text.parse::<u16>() {
        Ok(n) if (1..=Concurrency::MAX).contains(&n) => Ok(Concurrency::Fixed(n)),
        _ => Err(format!(
            "`{text}` is not a concurrency: give a number from 1 to {}, or `auto`",
            Concurrency::MAX
        )),
    }
}

/// The options of an import.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The CSV file; its first line names the columns.
    #[arg(value_name = "FILE.csv")]
    pub file: PathBuf,
    /// The map file (TOML) from Lamplight fields to CSV columns.
    #[arg(long, value_name = "MAP.toml")]
    pub map: PathBuf,
    /// Where to write each row's outcome (default: FILE.csv.results.csv).
    #[arg(long, value_name = "PATH")]
    pub results: Option<PathBuf>,
    /// The append-only journal that makes re-runs safe (default: FILE.csv.journal).
    #[arg(long, value_name = "PATH")]
    pub journal: Option<PathBuf>,
    /// How many rows to send at once: a number from 1 to 64, or `auto` to find the most the
    /// server takes (start at 4, one more per window of quick replies, half as many on HTTP
    /// 429, 503 or rising latency).
    #[arg(long, default_value = "4", value_name = "N|auto", value_parser = parse_concurrency)]
    pub concurrency: Concurrency,
    /// Send again the rows an earlier run recorded as failed.
    #[arg(long)]
    pub retry_failed: bool,
    /// Send again the rows whose outcome an earlier run never learnt (they may be stored
    /// twice).
    #[arg(long)]
    pub resend_uncertain: bool,
    /// Do not fsync the journal before each row is sent (faster; still safe if the program
    /// is killed, not if the machine loses power).
    #[arg(long)]
    pub no_fsync: bool,
    /// Check every row against the map (and the schema) without sending anything, and
    /// report every problem.
    #[arg(long)]
    pub dry_run: bool,
    /// The system's schema, to check the map's custom fields and every row's values before
    /// anything is sent (default: LAMPLIGHT_SCHEMA, then ./lamplight.toml if there is one).
    #[arg(long, value_name = "FILE.toml")]
    pub schema: Option<PathBuf>,
    /// How the file writes dates: DD, MM, YYYY, HH, MM (minutes) and SS, e.g. MM/DD/YYYY.
    /// ISO dates (2026-01-31) are read whatever this says.
    #[arg(long, default_value = "DD/MM/YYYY", value_name = "PATTERN")]
    pub date_format: String,
    /// The file's text encoding, e.g. windows-1252 for Excel's "CSV" on Windows.
    #[arg(long, default_value = "utf-8", value_name = "NAME")]
    pub encoding: String,
}

/// `lamplight schema ...`.
#[derive(Debug, Subcommand)]
pub enum SchemaCommand {
    /// Check a schema file and summarise it: custom fields per kind, workareas.
    Check {
        /// The schema (default: LAMPLIGHT_SCHEMA, then ./lamplight.toml).
        #[arg(value_name = "FILE.toml")]
        file: Option<PathBuf>,
    },
    /// Print Rust source for the schema: a `LamplightRecord` struct per kind and a
    /// `LamplightOption` enum per field with options.
    Rust {
        /// The schema (default: LAMPLIGHT_SCHEMA, then ./lamplight.toml).
        #[arg(value_name = "FILE.toml")]
        file: Option<PathBuf>,
        /// Only this kind of record.
        #[arg(long, value_enum)]
        kind: Option<SchemaKind>,
    },
}

/// A kind of record with custom fields, as `lamplight schema rust --kind` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaKind {
    /// Referrals.
    Referral,
    /// People's profiles.
    Person,
    /// Organisations' profiles.
    Organisation,
    /// Families' profiles.
    Family,
}

/// `LABEL=VALUE` from the command line. A label ending in `[]` marks a multi-select.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    /// The field's label or built-in name.
    pub label: String,
    /// Everything after the first `=`, trimmed.
    pub value: String,
    /// Whether the label ended in `[]`.
    pub list: bool,
}

fn parse_assignment(text: &str) -> Result<Assignment, String> {
    let (label, value) = text
        .split_once('=')
        .ok_or_else(|| "expected LABEL=VALUE, e.g. 'How did you hear=Website'".to_owned())?;
    let label = label.trim();
    let (label, list) = match label.strip_suffix("[]") {
        Some(base) => (base.trim_end(), true),
        None => (label, false),
    };
    if label.is_empty() {
        return Err("the label before `=` is empty".to_owned());
    }
    Ok(Assignment {
        label: label.to_owned(),
        value: value.trim().to_owned(),
        list,
    })
}

fn parse_field_id(text: &str) -> Result<(u32, String), String> {
    let (id, value) = text
        .split_once('=')
        .ok_or_else(|| "expected N=VALUE, e.g. 123=option_54".to_owned())?;
    let id = id
        .trim()
        .parse()
        .map_err(|_| format!("`{}` is not a custom field id", id.trim()))?;
    Ok((id, value.to_owned()))
}

/// Parses a `YYYY-MM-DD` date.
pub(crate) fn parse_date(text: &str) -> Result<Date, String> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(text.trim(), format).map_err(|_| format!("`{text}` is not a date like 2024-03-01"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn assignments() {
        let a = parse_assignment("How did you hear = Website").unwrap();
        assert_eq!(a.label, "How did you hear");
        assert_eq!(a.value, "Website");
        assert!(!a.list);
        let b = parse_assignment("Support needed[]=Confidence").unwrap();
        assert_eq!(b.label, "Support needed");
        assert!(b.list);
        assert!(parse_assignment("no equals").is_err());
        assert!(parse_assignment("=x").is_err());
        assert_eq!(
            parse_field_id("123=option_54").unwrap(),
            (123, "option_54".into())
        );
        assert!(parse_field_id("x=1").is_err());
        assert!(parse_date("2024-02-30").is_err());
    }

    #[test]
    fn the_key_never_debug_prints() {
        let cli = Cli::try_parse_from(["lamplight", "--key", "canary-KEY-1", "workareas"]).unwrap();
        assert!(!format!("{cli:?}").contains("canary"));
    }
}
