"""Goals in each note: the progress toward each goal of the client's plan, with its evidence."""
