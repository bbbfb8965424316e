//! What the CLI test files share: the binary under test and the one way
//! they read a successful run's output.

use assert_cmd::Command;

/// The `baocao` binary built for these tests.
pub fn baocao() -> Command {
    Command::cargo_bin("baocao").unwrap()
}

/// Runs a command that must succeed and returns its standard output.
pub trait SucceedsWith {
    fn ok_stdout(&mut self) -> Vec<u8>;
}

impl SucceedsWith for Command {
    fn ok_stdout(&mut self) -> Vec<u8> {
        self.assert().success().get_output().stdout.clone()
    }
}
