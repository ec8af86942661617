//! Command-line definitions (clap derive). Only `main.rs` acts on them.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser, Debug)]
#[command(
    name = "metbook",
    version,
    about = "Builds Motivational Enhancement Therapy manuals into cross-linked, searchable HTML handbooks"
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub(crate) enum Command {
    /// Build the handbook into its build folder (default: book/)
    Build {
        /// The folder holding book.toml
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Build only this format (repeat for more); the other files in the build folder
        /// stay as they were. Default: every format book.toml turns on
        #[arg(long, value_enum)]
        output: Vec<Output>,
    },
    /// Check the manual for problems without writing anything
    Check {
        /// The folder holding book.toml
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Output format: human-readable, or JSON for editors and CI
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Create a new manual that builds at once
    Init {
        /// Where to create it
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// The manual's title
        #[arg(long)]
        title: Option<String>,
        /// One empty chapter instead of the MET manual skeleton
        #[arg(long)]
        minimal: bool,
    },
    /// Preview the handbook: build it in memory, serve it, rebuild and reload pages on every change
    Serve {
        /// The folder holding book.toml
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// The port to listen on
        #[arg(long, short, default_value_t = 3000)]
        port: u16,
        /// The address to listen on; anything but localhost makes the preview visible to the network
        #[arg(long, default_value = "127.0.0.1")]
        host: String,
        /// Open the preview in the default browser
        #[arg(long)]
        open: bool,
    },
    /// Show how far each translation has got, or record that translations match their source
    Translations {
        /// The folder holding book.toml
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Output format: human-readable, or JSON for scripts and dashboards
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Record that these translated files now match their source chapters (sets
        /// `translated-from` in each one's front matter)
        #[arg(long, num_args = 1.., value_name = "FILE")]
        stamp: Vec<PathBuf>,
    },
    /// Remove the build folder (only one metbook made)
    Clean {
        /// The folder holding book.toml
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub(crate) enum Format {
    Human,
    Json,
}

/// A format `metbook build --output` can name.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub(crate) enum Output {
    Html,
    Epub,
    Pdf,
}

impl From<Output> for metbook::OutputFormat {
    fn from(o: Output) -> Self {
        match o {
            Output::Html => metbook::OutputFormat::Html,
            Output::Epub => metbook::OutputFormat::Epub,
            Output::Pdf => metbook::OutputFormat::Pdf,
        }
    }
}
