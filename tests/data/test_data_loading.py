"""Datasets, splits, standardisation, batches and the CSV loader's errors."""

from __future__ import annotations

import numpy as np
import pytest

from gradstep.data import BatchLoader, load_csv, load_dataset, moons, shuffle_split, spirals
from gradstep.errors import InputError


def test_moons_default_is_1000_points_noise_0_1_half_per_class_and_seeded():
    x, y = moons()
    assert x.shape == (1000, 2) and np.bincount(y).tolist() == [500, 500]
    np.testing.assert_array_equal(moons(seed=3)[0], moons(seed=3)[0])
    clean, _ = moons(noise=0.0)
    assert (x - clean).std() == pytest.approx(0.1, rel=0.05)


def test_split_is_a_seeded_shuffle_with_the_last_20_percent_as_test():
    train, test = shuffle_split(1000, seed=5)
    order = np.random.default_rng(5).permutation(1000)
    np.testing.assert_array_equal(test, order[800:])
    np.testing.assert_array_equal(train, order[:800])


def test_features_are_standardised_with_training_statistics_only():
    data = load_dataset("moons", seed=0)
    np.testing.assert_allclose(data.x_train.mean(axis=0), 0, atol=1e-5)
    np.testing.assert_allclose(data.x_train.std(axis=0), 1, atol=1e-5)
    assert data.x_train.dtype == np.float32 and len(data.x_test) == 200


def test_bundled_digits_and_diabetes_have_their_known_sizes():
    digits, diabetes = load_dataset("digits"), load_dataset("diabetes")
    assert len(digits.x_train) + len(digits.x_test) == 1797 and digits.n_classes == 10
    assert len(diabetes.x_train) + len(diabetes.x_test) == 442
    assert diabetes.task == "regression" and diabetes.y_train.shape[1] == 1


def test_spirals_have_the_asked_number_of_classes():
    _, y = spirals(300, classes=3)
    assert np.bincount(y).tolist() == [100, 100, 100]


def test_batch_loader_visits_every_row_once_per_epoch_in_a_seeded_order():
    x, y = np.arange(20.0).reshape(10, 2), np.arange(10)
    seen = [yb.numpy() for _, yb in BatchLoader(x, y, 3, np.random.default_rng(0))]
    assert [len(b) for b in seen] == [3, 3, 3, 1]
    assert sorted(np.concatenate(seen).tolist()) == list(range(10))
    again = [yb.numpy() for _, yb in BatchLoader(x, y, 3, np.random.default_rng(0))]
    np.testing.assert_array_equal(np.concatenate(seen), np.concatenate(again))


def _csv(tmp_path, text):
    path = tmp_path / "d.csv"
    path.write_text(text)
    return path


def test_csv_loads_features_and_guesses_classification(tmp_path):
    rows = "\n".join(f"{i},{i % 3 * 2.5},{i % 2}" for i in range(20))
    data = load_csv(_csv(tmp_path, "a,b,label\n" + rows), "label")
    assert data.task == "classification" and data.n_classes == 2
    assert data.feature_names == ("a", "b") and data.n_features == 2


def test_csv_missing_value_names_its_row_and_column(tmp_path):
    path = _csv(tmp_path, "a,b,y\n1,2,3\n4,,6\n7,8,9\n")
    with pytest.raises(InputError, match=r"row 3, column 'b'.*missing"):
        load_csv(path, "y")


def test_csv_non_numeric_value_names_its_row_and_column(tmp_path):
    path = _csv(tmp_path, "a,b,y\n1,2,3\n4,5,6\n7,eight,9\n")
    with pytest.raises(InputError, match=r"row 4, column 'b'.*'eight' is not a number"):
        load_csv(path, "y")


def test_csv_unknown_target_lists_the_columns(tmp_path):
    path = _csv(tmp_path, "a,b,y\n1,2,3\n4,5,6\n")
    with pytest.raises(InputError, match=r"target column 'price'.*a, b, y"):
        load_csv(path, "price")


def test_csv_row_numbers_count_blank_lines_as_in_the_file(tmp_path):
    path = _csv(tmp_path, "a,b,label\n1,2,0\n\n\n3,,1\n4,5,0\n")
    with pytest.raises(InputError, match=r"row 5, column 'b'.*missing"):
        load_csv(path, "label")


def test_csv_header_with_a_repeated_column_name_is_an_error(tmp_path):
    path = _csv(tmp_path, "a,b,b,label\n1,2,3,0\n4,5,6,1\n7,8,9,0\n")
    with pytest.raises(InputError, match="'b' more than once"):
        load_csv(path, "label")


def test_csv_target_with_one_value_only_is_an_error(tmp_path):
    path = _csv(tmp_path, "a,b,label\n1,2,5\n4,5,5\n7,8,5\n")
    with pytest.raises(InputError, match=r"same value \(5\) in every row"):
        load_csv(path, "label")


def test_csv_path_that_is_a_folder_says_so(tmp_path):
    with pytest.raises(InputError, match="is a folder"):
        load_csv(tmp_path, "label")
