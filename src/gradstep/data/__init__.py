"""Data for networks: generated moons, circles, spirals and house prices; scikit-learn's
bundled digits and diabetes; the user's own CSV; seeded splits and batches."""

from gradstep.data.dataset import Dataset, make_dataset, shuffle_split, standardize
from gradstep.data.generated import circles, house_prices, moons, spirals
from gradstep.data.loader import BatchLoader, batches
from gradstep.data.loading import DATASETS, load_csv, load_dataset

__all__ = [
    "DATASETS",
    "BatchLoader",
    "Dataset",
    "batches",
    "circles",
    "house_prices",
    "load_csv",
    "load_dataset",
    "make_dataset",
    "moons",
    "shuffle_split",
    "spirals",
    "standardize",
]
