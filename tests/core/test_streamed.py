from collections.abc import Iterator

import pytest

from fangfanpin.core.streamed import Streamed
from fangfanpin.core.tabular import FileRefused


def counting(n: int) -> Iterator[int]:
    yield from range(n)


def refusing() -> Iterator[int]:
    yield 1
    raise FileRefused(["第3行：行政区划“某县/某乡/某村”不在系统中"])


def failing() -> Iterator[int]:
    yield 1
    raise ValueError("坏了")


def relayed(n: int) -> Iterator[int]:
    yield from Streamed(counting, n)  # in the child: from a child of its own


def test_items_come_over_in_order():
    assert list(Streamed(counting, 5)) == [0, 1, 2, 3, 4]


def test_a_child_streams_from_a_child_of_its_own():
    assert list(Streamed(relayed, 3)) == [0, 1, 2]


def test_a_refusal_in_the_reader_is_raised_here_after_the_items_before_it():
    seen = []
    with pytest.raises(FileRefused) as info:
        for item in Streamed(refusing):
            seen.append(item)
    assert seen == [1]
    assert info.value.errors == ["第3行：行政区划“某县/某乡/某村”不在系统中"]


def test_any_other_failure_becomes_a_runtime_error_naming_it():
    with pytest.raises(RuntimeError, match="^ValueError: 坏了$"):
        list(Streamed(failing))


def test_drain_reads_the_rest_and_raises_the_refusal():
    stream = Streamed(refusing)
    assert next(iter(stream)) == 1
    with pytest.raises(FileRefused):
        stream.drain()


def test_drain_after_a_clean_end_does_nothing():
    stream = Streamed(counting, 2)
    assert list(stream) == [0, 1]
    stream.drain()
    stream.close()


def test_close_stops_the_reader_and_the_receiving_thread_when_items_are_left():
    stream = Streamed(counting, 1000)
    assert next(iter(stream)) == 0
    stream.close()
    assert (stream.process.is_alive(), stream.receiver.is_alive()) == (False, False)
