"""Cases and their value chains (waardenketens): the life cycle from idea to small win."""
