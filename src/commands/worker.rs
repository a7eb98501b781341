//! `jixiao __worker`: the hidden worker process of a batch (see
//! `batch::worker`). It loads the settings and the rubric once, then scores
//! the files it is sent until its input closes.

use super::Outcome;
use crate::cli::WorkerArgs;
use crate::config::Settings;
use crate::error::Error;

/// Runs a worker until the batch closes its input.
///
/// # Errors
/// When the config, profile or rubric cannot be read (the batch read them
/// first, so this means they changed in between).
pub fn run(args: &WorkerArgs) -> Result<Outcome, Error> {
    let mut settings = match &args.config {
        Some(p) => crate::config::load(p)?,
        None => Settings::default(),
    };
    if let Some(p) = &args.profile {
        settings.profile.extend_from_file(p)?;
    }
    let rubric = args
        .rubric
        .as_deref()
        .map(|p| crate::rubric::build::load(p, &settings))
        .transpose()?;
    let family = super::family_arg(args.family.as_deref())?;
    settings.family = family.or(settings.family);
    let rubric = super::with_family(rubric, family);
    // A closed pipe means the batch is gone: nothing left to do.
    let _ = crate::batch::worker::serve(rubric.as_ref(), &settings, args.memory_mb);
    Ok(Outcome::default())
}
