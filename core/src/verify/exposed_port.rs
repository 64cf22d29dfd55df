//! The port an HTTP probe knocks on when the user names none: the first TCP port the final stage
//! `EXPOSE`s.

use crate::document::{Dockerfile, Keyword};
use crate::stages::StageModel;

/// The first TCP port `EXPOSE`d in `doc`'s final stage (`8080`, `8080/tcp`; ranges give their
/// first port); `None` when it exposes none, or only ports written with build arguments.
#[must_use]
pub fn exposed_port(doc: &Dockerfile) -> Option<u16> {
    let stages = StageModel::new(doc);
    let stage = stages.stages.get(stages.final_stage()?)?;
    stage
        .body
        .clone()
        .filter_map(|i| doc.instructions().get(i))
        .filter(|i| i.keyword == Keyword::Expose)
        .flat_map(|i| i.words())
        .find_map(|word| {
            let (port, protocol) = word.value.split_once('/').unwrap_or((&word.value, "tcp"));
            let first = port.split_once('-').map_or(port, |(first, _)| first);
            if protocol.eq_ignore_ascii_case("tcp") { first.parse().ok() } else { None }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn port(text: &str) -> Option<u16> {
        exposed_port(&crate::parse(text).expect("parses"))
    }

    #[test]
    fn the_first_tcp_port_of_the_final_stage() {
        assert_eq!(port("FROM a AS b\nEXPOSE 9000\nFROM c\nEXPOSE 53/udp 8080/tcp 9090\n"), Some(8080));
        assert_eq!(port("FROM a\nEXPOSE 3000-3005\n"), Some(3000));
        assert_eq!(port("FROM a\nEXPOSE 9000\nFROM c\n"), None);
        assert_eq!(port("FROM a\nARG P=1\nEXPOSE $P\n"), None);
    }
}
