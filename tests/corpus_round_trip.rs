//! Round trip and span invariants over the whole corpus: an unedited model prints back byte for
//! byte, instruction spans are ordered, disjoint, start at their keyword and lie on character
//! boundaries.

use slimfile_tests::{corpus_files, shared_tier};

#[test]
fn every_corpus_file_prints_back_byte_for_byte() {
    if shared_tier("corpus_round_trip::every_corpus_file_prints_back_byte_for_byte").is_none() {
        return;
    }
    let mut modelled = 0;
    let mut refused = 0;
    for (path, bytes) in corpus_files() {
        let Ok(text) = std::str::from_utf8(&bytes) else {
            continue;
        };
        let Ok(doc) = slimfile_core::parse(text) else {
            refused += 1;
            continue;
        };
        modelled += 1;
        assert_eq!(doc.print().as_bytes(), bytes.as_slice(), "{path}: printing changed the bytes");
        let mut previous_end = 0;
        for instruction in doc.instructions() {
            let span = instruction.span;
            assert!(span.start >= previous_end && span.start <= span.end, "{path}: spans overlap at {span:?}");
            assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end), "{path}: {span:?}");
            assert!(
                doc.slice(span).to_ascii_uppercase().starts_with(instruction.keyword.as_str()),
                "{path}: span {span:?} does not start with {}",
                instruction.keyword.as_str()
            );
            previous_end = span.end;
        }
        for comment in doc.comments() {
            assert!(doc.slice(comment.span).starts_with('#'), "{path}: comment span {:?}", comment.span);
        }
    }
    println!("round trip: {modelled} files modelled and printed back byte for byte; {refused} refused");
    assert!(modelled > 1300);
}
