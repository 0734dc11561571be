//! The search tokenizer, shared by the index (here) and the browser
//! (`themes/default/static/search.js`, which mirrors these rules line by
//! line; `tests/it/e2e.rs` runs both on the same strings and compares).
//!
//! Rules:
//! - every character is first *folded*: full-width ASCII (`５Ｇ`) becomes
//!   ASCII, letters become lowercase;
//! - a Han character (CJK ideographs, extensions A–G, compatibility block,
//!   `〇`) gives a single-character token, and each pair of adjacent Han
//!   characters gives a bigram token, so any substring of two or more
//!   characters is a conjunction of bigrams: "内网" is found in "在内网上";
//! - a run of other letters and digits (`is_alphanumeric`) is a word, cut to
//!   [`MAX_WORD`] characters; each word also gives prefix tokens (`5*`,
//!   `5g*`, at most [`MAX_PREFIX`] characters and a `*`) so that the word
//!   being typed matches before it is complete;
//! - everything else (spaces, punctuation, symbols) separates tokens.
//!
//! Positions count characters of the original text (one per `char`, before
//! folding), so that the browser can compute the same offsets from a query.

/// Longest word kept, in characters.
pub const MAX_WORD: usize = 24;
/// Longest word prefix indexed, in characters.
pub const MAX_PREFIX: usize = 12;

/// What a character is to the tokenizer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// A Han character.
    Han,
    /// A letter or digit of another script.
    Word,
    /// Anything else: a separator.
    Sep,
}

/// True for CJK ideographs (URO, extensions A to G, compatibility) and `〇`.
pub fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3007 | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x323AF)
}

/// Full-width ASCII (U+FF01 to U+FF5E) to ASCII.
pub fn narrow(c: char) -> char {
    match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// The class of a (narrowed) character.
pub fn class(c: char) -> Class {
    if is_han(c) {
        Class::Han
    } else if crate::text::is_alphanumeric(c) {
        Class::Word
    } else {
        Class::Sep
    }
}

/// Which rule produced a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// One Han character.
    Unigram,
    /// Two adjacent Han characters.
    Bigram,
    /// A whole word (lowercase).
    Word,
    /// A word prefix followed by `*`.
    Prefix,
}

/// True for a token that is one Han character (these carry no position masks).
pub fn is_unigram(token: &str) -> bool {
    let mut it = token.chars();
    matches!((it.next(), it.next()), (Some(c), None) if is_han(c))
}

/// Calls `emit(token, position, kind)` for every token of `text`, in order of position.
pub fn tokenize(text: &str, mut emit: impl FnMut(&str, u32, Kind)) {
    tokenize_han(text, |tok, pos, kind, _| emit(tok, pos, kind));
}

/// [`tokenize`], also giving each Han token's characters: the character
/// of a unigram with `None`, the two of a bigram (`None` for the other
/// kinds). The index keys Han tokens by their characters, which the
/// tokenizer has at hand, rather than decoding each token's text again.
pub fn tokenize_han(text: &str, mut emit: impl FnMut(&str, u32, Kind, Option<(char, Option<char>)>)) {
    let mut pos: u32 = 0;
    // Byte offset, position and character of the previous character when
    // it was Han (Han characters are never changed by folding, so their
    // tokens are slices of `text`).
    let mut prev_han: Option<(usize, u32, char)> = None;
    let mut word = String::new();
    let mut word_start: u32 = 0;
    let mut word_len = 0usize;
    type Emit<'e> = dyn FnMut(&str, u32, Kind, Option<(char, Option<char>)>) + 'e;
    let flush = |word: &mut String, word_len: &mut usize, start: u32, emit: &mut Emit<'_>| {
        if word.is_empty() {
            return;
        }
        emit(word, start, Kind::Word, None);
        let mut prefix = String::with_capacity(word.len() + 1);
        for (i, c) in word.chars().enumerate() {
            if i >= MAX_PREFIX {
                break;
            }
            prefix.push(c);
            prefix.push('*');
            emit(&prefix, start, Kind::Prefix, None);
            prefix.pop();
        }
        word.clear();
        *word_len = 0;
    };
    for (at, raw) in text.char_indices() {
        let c = narrow(raw);
        match class(c) {
            Class::Han => {
                // Most Han characters follow another: no word to end (the
                // check spares the call, which is not inlined).
                if !word.is_empty() {
                    flush(&mut word, &mut word_len, word_start, &mut emit);
                }
                let end = at + raw.len_utf8();
                if let Some((p, p_pos, p_char)) = prev_han {
                    emit(&text[p..end], p_pos, Kind::Bigram, Some((p_char, Some(raw))));
                }
                emit(&text[at..end], pos, Kind::Unigram, Some((raw, None)));
                prev_han = Some((at, pos, raw));
            }
            Class::Word => {
                prev_han = None;
                if word_len == 0 {
                    word_start = pos;
                }
                if word_len < MAX_WORD {
                    word.extend(c.to_lowercase());
                }
                word_len += 1;
            }
            Class::Sep => {
                prev_han = None;
                if !word.is_empty() {
                    flush(&mut word, &mut word_len, word_start, &mut emit);
                }
            }
        }
        pos += 1;
    }
    flush(&mut word, &mut word_len, word_start, &mut emit);
}

/// The number of positions of a text for length normalisation: Han
/// characters plus words, as many as [`tokenize`] emits single-character
/// and word tokens, counted without building them.
pub fn positions(text: &str) -> u32 {
    let mut n = 0;
    let mut in_word = false;
    for c in text.chars() {
        match class(narrow(c)) {
            Class::Han => {
                n += 1;
                in_word = false;
            }
            Class::Word => {
                n += !in_word as u32;
                in_word = true;
            }
            Class::Sep => in_word = false,
        }
    }
    n
}

/// One token of a query, with its offset from the start of its phrase.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct QueryTerm {
    /// The token to look up.
    pub token: String,
    /// Characters from the phrase start.
    pub offset: u32,
}

/// Splits a query into phrases (runs without separators) of terms, as the
/// browser does: a Han run of one character is a single-character token,
/// a longer one its bigrams; a word is its whole-word token, except the last
/// word of a query that does not end in a separator, which is a prefix token
/// (search as you type).
pub fn query(q: &str) -> Vec<Vec<QueryTerm>> {
    let chars: Vec<char> = q.chars().map(narrow).collect();
    let ends_open = chars.last().is_some_and(|&c| class(c) != Class::Sep);
    let mut phrases: Vec<Vec<QueryTerm>> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if class(chars[i]) == Class::Sep {
            i += 1;
            continue;
        }
        let start = i;
        let mut phrase = Vec::new();
        while i < chars.len() && class(chars[i]) != Class::Sep {
            let run_start = i;
            let kind = class(chars[i]);
            while i < chars.len() && class(chars[i]) == kind {
                i += 1;
            }
            let offset = (run_start - start) as u32;
            let run = &chars[run_start..i];
            if kind == Class::Han {
                if run.len() == 1 {
                    phrase.push(QueryTerm { token: run[0].to_string(), offset });
                } else {
                    for k in 0..run.len() - 1 {
                        phrase.push(QueryTerm { token: run[k..k + 2].iter().collect(), offset: offset + k as u32 });
                    }
                }
            } else {
                let is_last = i == chars.len() && ends_open;
                let mut token: String = run.iter().take(MAX_WORD).flat_map(|c| c.to_lowercase()).collect();
                if is_last {
                    token = token.chars().take(MAX_PREFIX).collect();
                    token.push('*');
                }
                phrase.push(QueryTerm { token, offset });
            }
        }
        phrases.push(phrase);
    }
    phrases
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<(String, u32, Kind)> {
        let mut out = Vec::new();
        tokenize(text, |t, p, k| out.push((t.to_string(), p, k)));
        out
    }

    fn names(q: &str) -> Vec<Vec<(String, u32)>> {
        query(q).into_iter().map(|p| p.into_iter().map(|t| (t.token, t.offset)).collect()).collect()
    }

    #[test]
    fn han_text_gives_unigrams_and_overlapping_bigrams() {
        let t = tokens("在内网上");
        let got: Vec<(&str, u32)> = t.iter().map(|(s, p, _)| (s.as_str(), *p)).collect();
        assert_eq!(got, [("在", 0), ("在内", 0), ("内", 1), ("内网", 1), ("网", 2), ("网上", 2), ("上", 3)]);
    }

    #[test]
    fn han_tokens_come_with_their_characters() {
        let mut han = 0;
        tokenize_han("5G在内网 上，〇𠀀𠀁", |tok, _, kind, chars| {
            let want = match kind {
                Kind::Unigram | Kind::Bigram => {
                    han += 1;
                    let mut c = tok.chars();
                    c.next().map(|a| (a, c.next()))
                }
                Kind::Word | Kind::Prefix => None,
            };
            assert_eq!(chars, want, "{tok}");
        });
        assert_eq!(han, 11);
    }

    #[test]
    fn a_substring_query_is_the_bigrams_of_the_text() {
        let text: Vec<String> = tokens("在内网上").into_iter().map(|t| t.0).collect();
        for phrase in query("内网") {
            for term in phrase {
                assert!(text.contains(&term.token), "{}", term.token);
            }
        }
    }

    #[test]
    fn words_are_lowercased_with_prefixes_and_break_han_runs() {
        let t = tokens("5G基站 BIM");
        let words: Vec<(&str, u32)> =
            t.iter().filter(|t| matches!(t.2, Kind::Word | Kind::Prefix)).map(|(s, p, _)| (s.as_str(), *p)).collect();
        assert_eq!(words, [("5g", 0), ("5*", 0), ("5g*", 0), ("bim", 5), ("b*", 5), ("bi*", 5), ("bim*", 5)]);
        assert!(t.iter().any(|x| x.0 == "基站" && x.1 == 2));
        assert!(!t.iter().any(|x| x.0.contains('g') && x.0.contains('基')));
    }

    #[test]
    fn full_width_letters_and_punctuation() {
        let t: Vec<String> = tokens("５Ｇ，党建。").into_iter().map(|t| t.0).collect();
        assert!(t.contains(&"5g".to_string()));
        assert!(t.contains(&"党建".to_string()));
        assert!(!t.iter().any(|x| x.contains('，') || x.contains('。')));
    }

    #[test]
    fn queries_split_into_phrases_with_offsets() {
        assert_eq!(names("5G基站"), [vec![("5g".to_string(), 0), ("基站".to_string(), 2)]]);
        assert_eq!(names("党"), [vec![("党".to_string(), 0)]]);
        assert_eq!(
            names("安全生产 BI"),
            [vec![("安全".to_string(), 0), ("全生".to_string(), 1), ("生产".to_string(), 2)], vec![("bi*".to_string(), 0)]]
        );
        // A finished word (followed by a separator) is looked up whole.
        assert_eq!(names("BIM "), [vec![("bim".to_string(), 0)]]);
        assert!(query(" ，。 ").is_empty());
    }

    #[test]
    fn positions_count_what_the_tokenizer_emits() {
        for text in ["在内网上", "５Ｇ，党建。", "5G基站 BIM 2024年9月20日", "", "a-b_c", "𠀀𠀁 test"] {
            let emitted = tokens(text).iter().filter(|t| matches!(t.2, Kind::Unigram | Kind::Word)).count() as u32;
            assert_eq!(positions(text), emitted, "{text}");
        }
    }

    #[test]
    fn long_words_are_cut() {
        let long = "a".repeat(40);
        let t = tokens(&long);
        assert_eq!(t[0].0.len(), MAX_WORD);
        assert_eq!(t.iter().filter(|x| x.2 == Kind::Prefix).count(), MAX_PREFIX);
        assert_eq!(query(&long)[0][0].token.len(), MAX_PREFIX + 1);
    }

    #[test]
    fn unigram_tokens_are_recognised() {
        assert!(is_unigram("党"));
        assert!(!is_unigram("党建"));
        assert!(!is_unigram("a"));
    }
}
