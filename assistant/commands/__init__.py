"""One module per `notewell` subcommand of the NLP library."""
