//! Everything repair needs, loaded once: vocabulary, channel, syllable trie,
//! language model and abbreviation table. The default model is embedded in
//! the binary so `baocao repair` works with no data files.

use super::abbrev::Abbreviations;
use super::candidates::{SearchLimits, SyllableTrie};
use super::channel::{Channel, FastMap};
use super::names::Names;
use super::decode::Lm;
use super::precomputed::{Precomputed, fingerprint};
use super::vocab::{EntryKind, Vocab};
use crate::lm::LanguageModel;
use std::path::Path;

/// Why a model could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// The message holds the system's reason, so it is no `source` too
    /// (a chain of causes would print it twice).
    #[error("{path}: {error}")]
    Io { path: String, error: std::io::Error },
    #[error("{file}: {message}")]
    Format { file: String, message: String },
}

/// The repair model.
pub struct Model {
    pub vocab: Vocab,
    pub channel: Channel,
    pub trie: SyllableTrie,
    /// Skeleton (`duong`) → every syllable with it, for text whose marks were
    /// all stripped, where the skeleton is the whole evidence.
    pub skeletons: FastMap<String, Vec<u32>>,
    /// Skeleton → the words the corpora write with Vietnamese marks that no
    /// syllable of the grammar spells (`đắk`, `lắk`, `kạn`, `krông`,
    /// `quỳnh`): names of places and people the candidate search, which
    /// walks syllables, cannot reach (see [`marked_names`]).
    pub marked_tokens: FastMap<String, Vec<u32>>,
    /// −ln of each entry's corpus frequency: with the channel cost, a
    /// context-free posterior used to keep lattices small.
    pub prior_cost: Vec<f32>,
    pub lm: LanguageModel,
    pub abbreviations: Abbreviations,
    /// Person names by part, for signature blocks' name lines.
    pub names: Names,
    /// Candidate lists of the training text's OCR forms, when present and
    /// built from this vocabulary and channel.
    pub precomputed: Option<Precomputed>,
    /// Identifies the vocabulary and channel files (see [`fingerprint`]).
    pub fingerprint: u64,
    /// Identifies the whole model (vocabulary, channel, abbreviations and
    /// the language model's header, which holds its data checksum), for the
    /// `producer` of every record and `--version`.
    pub id: u64,
}

/// How often the corpora must write a marked word outside the syllable
/// grammar for repair to offer it.
const MARKED_NAME_MIN_COUNT: u64 = 200;

/// The vocabulary's words outside the syllable grammar that are written
/// with Vietnamese marks, by skeleton: lower-case letters only, three to
/// seven of them, a vowel, and no `đ` past the first letter (which makes
/// an acronym, `gdđt`, `lđtbxh`), used at least [`MARKED_NAME_MIN_COUNT`]
/// times. Ethnic-minority place names (`Đắk Lắk`, `Bắc Kạn`, `Krông
/// Pắc`) and names like `Quỳnh` are such words.
fn marked_names(vocab: &Vocab) -> FastMap<String, Vec<u32>> {
    let mut out: FastMap<String, Vec<u32>> = FastMap::default();
    for id in 0..vocab.len() as u32 {
        let w = vocab.word(id);
        let n = w.chars().count();
        let ok = vocab.kind(id) == EntryKind::Token
            && vocab.count(id) >= MARKED_NAME_MIN_COUNT
            && (3..=7).contains(&n)
            && !w.is_ascii()
            && w.chars().all(|c| c.is_alphabetic() && c.is_lowercase())
            && w.chars().any(|c| crate::syllable::split_tone(c).is_some())
            && !w.chars().skip(1).any(|c| c == 'đ');
        if ok {
            out.entry(crate::syllable::skeleton(w)).or_default().push(id);
        }
    }
    out
}

/// FNV-1a over `parts`, folded into `seed`: cheap, and the LM part is only
/// its header (sizes and data checksum), so load time does not grow.
fn model_id(seed: u64, parts: &[&[u8]]) -> u64 {
    let mut h = seed ^ 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for &b in *p {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        h ^= p.len() as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The id of a whole model from its files (see [`Model::id`]).
fn whole_id(fingerprint: u64, abbreviations: &str, acronyms: &str, names: &str, lm: &[u8]) -> u64 {
    model_id(
        fingerprint,
        &[
            abbreviations.as_bytes(),
            acronyms.as_bytes(),
            names.as_bytes(),
            &lm[..lm.len().min(256)],
        ],
    )
}

/// [`Model::id`] of the embedded model without loading it (`--version`
/// prints it on every start of the command line).
pub fn embedded_id() -> u64 {
    whole_id(
        fingerprint(VOCAB, CHANNEL, &SearchLimits::default()),
        ABBREVIATIONS,
        ACRONYMS,
        NAMES,
        LM,
    )
}

const VOCAB: &str = include_str!("../../dictionaries/vocab.tsv");
const CHANNEL: &str = include_str!("../../dictionaries/channel.tsv");
const ABBREVIATIONS: &str = include_str!("../../dictionaries/abbreviations.tsv");
const ACRONYMS: &str = include_str!("../../dictionaries/acronyms.tsv");
/// Bytes aligned to a cache line, so the embedded language model's arrays
/// can be used where they lie.
#[repr(C, align(64))]
struct Aligned<B: ?Sized>(B);

static LM_ALIGNED: &Aligned<[u8]> = &Aligned(*include_bytes!("../../dictionaries/lm.bin"));
static LM: &[u8] = &LM_ALIGNED.0;
const NAMES: &str = include_str!("../../dictionaries/names.tsv");
const PRECOMPUTED: &[u8] = include_bytes!("../../dictionaries/candidates.bin");

fn format_err(file: &str) -> impl FnOnce(String) -> ModelError + '_ {
    move |message| ModelError::Format {
        file: file.to_string(),
        message,
    }
}

impl Lm for LanguageModel {
    type State = crate::lm::State;
    #[inline]
    fn begin(&self) -> Self::State {
        LanguageModel::begin(self)
    }
    #[inline]
    fn score(&self, s: &Self::State, w: u32) -> f32 {
        LanguageModel::score(self, s, w)
    }
    #[inline]
    fn advance(&self, s: &Self::State, w: u32) -> Self::State {
        LanguageModel::advance(self, s, w)
    }
    #[inline]
    fn score_advance(&self, s: &Self::State, w: u32) -> (f32, Self::State) {
        LanguageModel::score_advance(self, s, w)
    }
    #[inline]
    fn same(a: &Self::State, b: &Self::State) -> bool {
        a.same(b)
    }
}

impl Model {
    fn from_parts(
        vocab: &str,
        channel: &str,
        abbreviations: &str,
        acronyms: &str,
        names: &str,
        lm: std::borrow::Cow<'static, [u8]>,
        precomputed: Option<std::borrow::Cow<'static, [u8]>>,
    ) -> Result<Model, ModelError> {
        let (vocab_tsv, channel_tsv) = (vocab, channel);
        let (abbreviations_tsv, names_tsv) = (abbreviations, names);
        let vocab = Vocab::from_tsv(vocab).map_err(format_err("vocab.tsv"))?;
        let channel = Channel::from_tsv(channel).map_err(format_err("channel.tsv"))?;
        let abbreviations = Abbreviations::from_tsv(abbreviations)
            .map_err(format_err("abbreviations.tsv"))?
            .with_learned(acronyms)
            .map_err(format_err("acronyms.tsv"))?;
        let names = Names::from_tsv(names, &vocab).map_err(format_err("names.tsv"))?;
        let mut skeletons: FastMap<String, Vec<u32>> = FastMap::default();
        for id in vocab.syllables() {
            skeletons
                .entry(crate::syllable::skeleton(vocab.word(id)))
                .or_default()
                .push(id);
        }
        let marked_tokens = marked_names(&vocab);
        let loaded = match &lm {
            std::borrow::Cow::Borrowed(bytes) => LanguageModel::from_static(bytes),
            std::borrow::Cow::Owned(bytes) => LanguageModel::from_bytes(bytes),
        };
        let lm_bytes = lm;
        let lm = loaded.map_err(|e| ModelError::Format {
            file: "lm.bin".into(),
            message: e.to_string(),
        })?;
        if lm.vocab_size() as usize != vocab.len() {
            return Err(ModelError::Format {
                file: "lm.bin".into(),
                message: format!(
                    "built for {} words but vocab.tsv has {}",
                    lm.vocab_size(),
                    vocab.len()
                ),
            });
        }
        let total: f64 = (0..vocab.len() as u32)
            .map(|i| vocab.count(i) as f64 + 1.0)
            .sum();
        let prior_cost = (0..vocab.len() as u32)
            .map(|i| -(((vocab.count(i) as f64 + 1.0) / total).ln()) as f32)
            .collect::<Vec<f32>>();
        let trie = SyllableTrie::new(&vocab, &channel, &prior_cost);
        let fingerprint = fingerprint(vocab_tsv, channel_tsv, &SearchLimits::default());
        let precomputed = match precomputed {
            Some(bytes) => Precomputed::from_bytes(bytes, fingerprint, vocab.len())
                .map_err(format_err("candidates.bin"))?,
            None => None,
        };
        let id = whole_id(fingerprint, abbreviations_tsv, acronyms, names_tsv, &lm_bytes);
        Ok(Model {
            precomputed,
            fingerprint,
            id,
            skeletons,
            marked_tokens,
            prior_cost,
            vocab,
            channel,
            trie,
            lm,
            abbreviations,
            names,
        })
    }

    /// This model with another channel (one adapted to an input): the
    /// syllable trie's bounds follow the channel, and the precomputed
    /// candidates, made with the trained one, no longer apply. The id stays:
    /// it names the model files, and the summary says that it adapted.
    pub fn with_channel(&self, channel: Channel) -> Model {
        Model {
            trie: SyllableTrie::new(&self.vocab, &channel, &self.prior_cost),
            channel,
            precomputed: None,
            fingerprint: self.fingerprint,
            id: self.id,
            skeletons: self.skeletons.clone(),
            marked_tokens: self.marked_tokens.clone(),
            prior_cost: self.prior_cost.clone(),
            vocab: self.vocab.clone(),
            lm: self.lm.clone(),
            abbreviations: self.abbreviations.clone(),
            names: self.names.clone(),
        }
    }

    /// The model compiled into the binary.
    pub fn embedded() -> Result<Model, ModelError> {
        Model::from_parts(
            VOCAB,
            CHANNEL,
            ABBREVIATIONS,
            ACRONYMS,
            NAMES,
            std::borrow::Cow::Borrowed(LM),
            Some(std::borrow::Cow::Borrowed(PRECOMPUTED)),
        )
    }

    /// A model from a folder written by `baocao train` (`candidates.bin` is
    /// optional: without it every form is searched).
    pub fn load(dir: &Path) -> Result<Model, ModelError> {
        let read = |name: &str| {
            let p = dir.join(name);
            std::fs::read_to_string(&p).map_err(|error| ModelError::Io {
                path: p.display().to_string(),
                error,
            })
        };
        let abbreviations = read("abbreviations.tsv").unwrap_or_else(|_| ABBREVIATIONS.to_string());
        // Optional: a folder trained before names or acronyms were learnt
        // has none.
        let names = read("names.tsv").unwrap_or_default();
        let acronyms = read("acronyms.tsv").unwrap_or_default();
        let lm_path = dir.join("lm.bin");
        let lm = std::fs::read(&lm_path).map_err(|error| ModelError::Io {
            path: lm_path.display().to_string(),
            error,
        })?;
        let table_path = dir.join("candidates.bin");
        let precomputed = match std::fs::read(&table_path) {
            Ok(bytes) => Some(std::borrow::Cow::Owned(bytes)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(error) => {
                return Err(ModelError::Io {
                    path: table_path.display().to_string(),
                    error,
                });
            }
        };
        Model::from_parts(
            &read("vocab.tsv")?,
            &read("channel.tsv")?,
            &abbreviations,
            &acronyms,
            &names,
            std::borrow::Cow::Owned(lm),
            precomputed,
        )
        .map_err(|e| match e {
            // Name the file where it is, not only which one of the set.
            ModelError::Format { file, message } => ModelError::Format {
                file: dir.join(file).display().to_string(),
                message,
            },
            e => e,
        })
    }
}
