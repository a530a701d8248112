"""The role tagger: each segment's section role, from the rules' evidence and the classifier."""
