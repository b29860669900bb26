"""The teaching side: step-by-step derivations and checks of claimed derivatives."""
