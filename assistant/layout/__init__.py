"""The layout component: the writer's line breaks become sentence boundaries."""
