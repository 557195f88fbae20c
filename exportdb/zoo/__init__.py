"""Real architectures from installed packages, for the suites torchvision, timm and hf
(exporter/model_suites.py lists them; each module here builds one model by name)."""
