"""The segmenter: a jotting cut into role-sized segments, the writer's headers read off them."""
