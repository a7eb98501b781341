//! Corpus of realistic rule wordings (filled below).
