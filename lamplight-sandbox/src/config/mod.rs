//! The sandbox's configuration: the Lamplight system it pretends to be.
//!
//! A [`Config`] is usually read from TOML ([`Config::from_toml_str`], [`Config::from_file`]) or
//! taken from the built-in demo charity ([`Config::demo`]). Every section is optional; an empty
//! document is a system with nothing in it and the default credentials.

mod check;
mod demo;
mod types;

use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub use lamplight_schema::{
    CustomField, FieldOption, FieldType, FieldsConfig, GroupConfig, GroupKind, RelationshipType,
    Schema, SchemaError, SubWorkarea, WorkareaConfig,
};
pub use types::{
    Place, ProfileConfig, ProfilePublishing, Publishing, ReferralPublishing, StoredKind,
    VenueConfig, WorkConfig, WorkPublishing,
};

/// The largest request body accepted by default: 1 MiB.
pub const DEFAULT_MAX_BODY_BYTES: usize = 1024 * 1024;

/// How many requests the log keeps by default; older entries are dropped first.
pub const DEFAULT_REQUEST_LOG_LIMIT: usize = 10_000;

/// How many records requests may add by default: a million, enough for a long load run,
/// small enough to keep the sandbox's memory bounded.
pub const DEFAULT_MAX_RECORDS: usize = 1_000_000;

/// Everything the sandbox needs to know about the Lamplight system it emulates.
///
/// ```
/// use lamplight_sandbox::{Config, Shape};
///
/// let config = Config::from_toml_str(
///     r#"
///     shape = "clean"
///     [credentials]
///     lampid = 12
///     project = 3
///     key = "test-key"
///
///     [[workareas]]
///     id = 1
///     name = "Youth work"
///     "#,
/// )?;
/// assert_eq!(config.credentials.lampid, 12);
/// assert_eq!(config.shape, Shape::Clean);
/// assert_eq!(config.workareas[0].name, "Youth work");
/// # Ok::<(), lamplight_sandbox::ConfigError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// The credentials every request must carry.
    pub credentials: CredentialsConfig,
    /// The reply shape: the live server's, endpoint by endpoint (the default), the documented
    /// clean shape, or every quirk at random.
    pub shape: Shape,
    /// The seed of [`Shape::Chaos`]: one seed and one sequence of requests give the same
    /// replies every time.
    pub chaos_seed: u64,
    /// Refuse custom fields the configuration does not define, naming them, instead of ignoring
    /// them as Lamplight does.
    pub strict: bool,
    /// A delay added to every request, in milliseconds.
    pub latency_ms: u64,
    /// The largest request body accepted; a larger one gets HTTP 413.
    pub max_body_bytes: usize,
    /// How many requests [`crate::Sandbox::requests`] keeps; the oldest go first.
    pub request_log_limit: usize,
    /// How many records requests may add (profiles, referrals, attendances, relationships and
    /// group memberships; seeded profiles do not count). A write that would add one more gets
    /// HTTP 507, as a full server answers.
    pub max_records: usize,
    /// Requests a second above which the sandbox answers HTTP 429 with `Retry-After`, as a
    /// busy server does; `None`, no limit. Up to a second's worth may come at once.
    pub rate_limit: Option<f64>,
    /// The publishing switches: which kinds of record may be read or written.
    pub publishing: Publishing,
    /// The workarea tree: top-level workareas with their children.
    pub workareas: Vec<WorkareaConfig>,
    /// The custom fields defined for each kind of record.
    pub fields: FieldsConfig,
    /// Profiles that exist before any request.
    pub profiles: Vec<ProfileConfig>,
    /// Work records (events, sessions).
    pub work: Vec<WorkConfig>,
    /// Groups and waiting lists.
    pub groups: Vec<GroupConfig>,
    /// The relationship types defined in system admin.
    pub relationship_types: Vec<RelationshipType>,
    /// Postcodes with known coordinates, for `near` searches and for geocoding new profiles
    /// (seeded profiles with a postcode and coordinates count too).
    pub places: Vec<Place>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            credentials: CredentialsConfig::default(),
            shape: Shape::Live,
            chaos_seed: 0,
            strict: false,
            latency_ms: 0,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            request_log_limit: DEFAULT_REQUEST_LOG_LIMIT,
            max_records: DEFAULT_MAX_RECORDS,
            rate_limit: None,
            publishing: Publishing::default(),
            workareas: Vec::new(),
            fields: FieldsConfig::default(),
            profiles: Vec::new(),
            work: Vec::new(),
            groups: Vec::new(),
            relationship_types: Vec::new(),
            places: Vec::new(),
        }
    }
}

impl Config {
    /// The built-in demo: a small youth charity with workareas, custom fields of every type,
    /// a dozen published profiles, work records (some open to attendance through the API, one
    /// full), a group, a waiting list and relationship types. The crate's README lists its ids.
    ///
    /// ```
    /// let demo = lamplight_sandbox::Config::demo();
    /// assert!(demo.fields.referral.iter().any(|field| field.label == "How did you hear"));
    /// ```
    pub fn demo() -> Config {
        demo::demo()
    }

    /// Parses and checks a TOML document: a sandbox configuration, or a charity's
    /// `lamplight.toml` (its schema sections, read by [`lamplight_schema`], plus any of the
    /// sandbox's own sections listed in [`lamplight_schema::SANDBOX_SECTIONS`]).
    ///
    /// # Errors
    /// [`ConfigError::Schema`] when the sections that describe the system (fields, workareas,
    /// relationship types, groups) are wrong, with the line and column;
    /// [`ConfigError::Toml`] when a sandbox section is not valid for this format; and
    /// [`ConfigError::Invalid`] when the document parses but describes an impossible system (a
    /// duplicated id, a reference to something that does not exist, a value that does not fit
    /// its field).
    pub fn from_toml_str(text: &str) -> Result<Config, ConfigError> {
        Schema::from_toml_str(text).map_err(ConfigError::Schema)?;
        let config: Config = toml::from_str(text).map_err(|error| ConfigError::Toml {
            path: None,
            message: error.to_string(),
        })?;
        config.check()?;
        Ok(config)
    }

    /// Reads, parses and checks a TOML file.
    ///
    /// # Errors
    /// [`ConfigError::Io`] when the file cannot be read, otherwise as
    /// [`Config::from_toml_str`], with the file's path in the message.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Config, ConfigError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        // Read once more by the schema's own reader, so that its errors carry the path.
        Schema::from_file(path).map_err(ConfigError::Schema)?;
        Config::from_toml_str(&text).map_err(|error| match error {
            ConfigError::Toml { message, .. } => ConfigError::Toml {
                path: Some(path.to_path_buf()),
                message,
            },
            other => other,
        })
    }

    /// The part of this configuration that `lamplight.toml` describes: custom fields,
    /// workareas, relationship types and groups.
    ///
    /// ```
    /// let schema = lamplight_sandbox::Config::demo().schema();
    /// assert!(schema.field(lamplight_core::RecordKind::Referral, "How_did_you_hear").is_some());
    /// ```
    pub fn schema(&self) -> Schema {
        let mut schema = Schema::default();
        schema.fields = self.fields.clone();
        schema.workareas = self.workareas.clone();
        schema.relationship_types = self.relationship_types.clone();
        schema.groups = self.groups.clone();
        schema
    }

    /// Checks the cross-references and values of a configuration built in code.
    ///
    /// # Errors
    /// [`ConfigError::Invalid`] naming the first problem found.
    pub fn check(&self) -> Result<(), ConfigError> {
        check::check(self).map_err(ConfigError::Invalid)
    }

    /// The custom fields defined for a kind of record.
    pub fn fields_for(&self, kind: lamplight_core::RecordKind) -> &[CustomField] {
        match kind {
            lamplight_core::RecordKind::Referral => &self.fields.referral,
            lamplight_core::RecordKind::Person => &self.fields.person,
            lamplight_core::RecordKind::Organisation => &self.fields.organisation,
            lamplight_core::RecordKind::Family => &self.fields.family,
        }
    }
}

/// The credentials the sandbox accepts: `lampid`, `project` and `key`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CredentialsConfig {
    /// The Lamplight system id.
    pub lampid: u64,
    /// The project id.
    pub project: u64,
    /// The API key. A sandbox key is a test key, but it is still kept out of `Debug` output.
    pub key: String,
}

impl Default for CredentialsConfig {
    fn default() -> Self {
        CredentialsConfig {
            lampid: 1,
            project: 1,
            key: "sandbox-key".to_owned(),
        }
    }
}

impl fmt::Debug for CredentialsConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CredentialsConfig")
            .field("lampid", &self.lampid)
            .field("project", &self.project)
            .field("key", &"[redacted]")
            .finish()
    }
}

/// The shape of replies.
///
/// ```
/// use lamplight_sandbox::{Config, Shape};
///
/// assert_eq!(Config::default().shape, Shape::Live);
/// // "quirky", the old name of the live shape, still loads.
/// assert_eq!(Config::from_toml_str("shape = \"quirky\"")?.shape, Shape::Live);
/// let chaos = Config::from_toml_str("shape = \"chaos\"\nchaos_seed = 7")?;
/// assert_eq!((chaos.shape, chaos.chaos_seed), (Shape::Chaos, 7));
/// # Ok::<(), lamplight_sandbox::ConfigError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Shape {
    /// What the live server sends, endpoint by endpoint, as its recorded replies show: each
    /// endpoint has its own quirks (`work/some` gives ids as numbers, `work/one` as strings;
    /// `people/some` gives `totalRecords` as a string; writes give `meta: ""`). The crate's
    /// README has the table.
    #[default]
    #[serde(alias = "quirky")]
    Live,
    /// The shape API.md documents: numbers as numbers, arrays as arrays, `meta` as an object.
    Clean,
    /// Every documented quirk at random on every reply, seeded by [`Config::chaos_seed`]:
    /// numbers as strings or not, one object or an array, `""` for empty lists, `meta` as `""`,
    /// `numResults` for `numRecords`, coordinates as long decimal strings. A client that reads
    /// these replies reads any live variation known.
    Chaos,
}

/// Why a configuration could not be loaded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// The file could not be read.
    #[error("cannot read the sandbox config {}: {source}", path.display())]
    Io {
        /// The path as given.
        path: PathBuf,
        /// What went wrong.
        source: std::io::Error,
    },
    /// The text is not a valid sandbox config document.
    #[error("the sandbox config{} is not valid TOML for this format: {message}", path.as_ref().map(|p| format!(" {}", p.display())).unwrap_or_default())]
    Toml {
        /// The file, when read from one.
        path: Option<PathBuf>,
        /// The parser's message, with the line and column.
        message: String,
    },
    /// The document parses but describes an impossible system.
    #[error("the sandbox config is inconsistent: {0}")]
    Invalid(String),
    /// The sections that describe the system (as in `lamplight.toml`) are wrong; the error
    /// gives the file, line and column.
    #[error("the sandbox config's system description is wrong: {0}")]
    Schema(#[source] SchemaError),
}
