//! Finding and reading the organisation's `lamplight.toml`, once per file per compiler process.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use lamplight_schema::{Schema, SchemaError};
use proc_macro2::Span;

use crate::attr::{RecordAttrs, SchemaAttr};
use crate::ctxt::Ctxt;

/// The variable that names a schema file for every struct of a crate.
pub const ENV: &str = "LAMPLIGHT_SCHEMA";

/// The file a crate's root may hold.
const DEFAULT_FILE: &str = "lamplight.toml";

/// A schema read for one struct.
pub struct Loaded {
    /// The file's absolute path, for `include_bytes!`.
    pub path: PathBuf,
    /// The file as messages name it: as written, or relative to the crate's root.
    pub name: String,
    pub schema: Arc<Schema>,
}

/// Where a struct's schema comes from, and what the generated code must say so that Cargo
/// rebuilds the crate when that changes.
pub struct Lookup {
    /// The schema, when there is one and it could be read.
    pub loaded: Option<Loaded>,
    /// Whether the choice depended on [`ENV`].
    pub reads_env: bool,
}

/// Finds the schema of a struct, first match wins: `schema = "file"` (relative to the crate's
/// root), then [`ENV`], then `lamplight.toml` in the crate's root. A file that cannot be read or
/// parsed is reported at the attribute, or at `ident` when the file was not named there.
pub fn lookup(cx: &Ctxt, attrs: &RecordAttrs, ident: Span) -> Lookup {
    let root = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from);
    let resolve = |file: &str| match &root {
        Some(root) => root.join(file),
        None => PathBuf::from(file),
    };
    let (path, name, span, reads_env) = match attrs.schema.as_ref().map(|s| &s.value) {
        Some(SchemaAttr::Off) => {
            return Lookup {
                loaded: None,
                reads_env: false,
            };
        }
        Some(SchemaAttr::File(lit)) => {
            let file = lit.value();
            (resolve(&file), file, lit.span(), false)
        }
        // Only for the packages Cargo was asked to build: a dependency that derives its own
        // records keeps its own schema.
        None => match std::env::var(ENV).ok().filter(|_| primary()) {
            Some(file) if !file.is_empty() => (resolve(&file), file, ident, true),
            _ => {
                let path = resolve(DEFAULT_FILE);
                if !path.is_file() {
                    return Lookup {
                        loaded: None,
                        reads_env: true,
                    };
                }
                (path, DEFAULT_FILE.to_owned(), ident, true)
            }
        },
    };
    let named_by = if reads_env && path != resolve(DEFAULT_FILE) {
        format!(" (named by `{ENV}`)")
    } else {
        String::new()
    };
    let loaded = match read(&path) {
        Ok(schema) => Some(Loaded {
            path: std::path::absolute(&path).unwrap_or(path),
            name,
            schema,
        }),
        Err(error) => {
            let at = match (error.line(), error.column()) {
                (Some(line), Some(column)) => format!("{name}:{line}:{column}"),
                _ => name,
            };
            cx.error_at(
                span,
                format!(
                    "the schema file {at}{named_by} cannot be used: {}",
                    error.message()
                ),
            );
            None
        }
    };
    Lookup { loaded, reads_env }
}

/// Whether Cargo is building one of the packages it was asked for, rather than a dependency of
/// them; outside Cargo, every crate counts.
fn primary() -> bool {
    std::env::var_os("CARGO_PRIMARY_PACKAGE").is_some() || std::env::var_os("CARGO").is_none()
}

type Parsed = (Option<SystemTime>, Result<Arc<Schema>, Arc<SchemaError>>);

/// Every file parsed so far in this compiler process, with its modification time then: a
/// crate's hundred structs read one file once.
static CACHE: Mutex<BTreeMap<PathBuf, Parsed>> = Mutex::new(BTreeMap::new());

fn read(path: &Path) -> Result<Arc<Schema>, Arc<SchemaError>> {
    let modified = std::fs::metadata(path)
        .and_then(|meta| meta.modified())
        .ok();
    let mut cache = CACHE
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some((when, parsed)) = cache.get(path)
        && modified.is_some()
        && *when == modified
    {
        return parsed.clone();
    }
    let parsed = Schema::from_file(path).map(Arc::new).map_err(Arc::new);
    cache.insert(path.to_path_buf(), (modified, parsed.clone()));
    parsed
}
