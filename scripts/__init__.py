"""Scripts that stage the whole system for people to look at: screenshots, the demo."""
