"""A bare click program that does nothing: the yardstick for `quiz --help` and `--version`.

A click group with a version option and one command, as small as a command line gets.
"""

import click


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option("0.1.0", prog_name="bare")
def cli() -> None:
    """Do nothing, quickly."""


@cli.command()
def noop() -> None:
    """Do nothing."""


if __name__ == "__main__":
    cli(prog_name="bare")
