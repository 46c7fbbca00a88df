"""The notebook runner (eqlib.pipeline): what the make targets rely on, short of running a kernel."""

from __future__ import annotations

from pathlib import Path

from eqlib.pipeline import _ipc_kernel_manager


def test_kernel_sockets_are_private_to_each_run(tmp_path: Path) -> None:
    # make report runs three notebooks at once: jupyter_client's default socket names
    # (kernel-ipc-<first free N> in the working directory) could be taken twice
    first = _ipc_kernel_manager(str(tmp_path / "a"))(kernel_name="eqstats")
    second = _ipc_kernel_manager(str(tmp_path / "b"))(kernel_name="eqstats")
    assert first.transport == second.transport == "ipc"
    assert Path(first.ip).parent == tmp_path / "a"
    assert Path(second.ip).parent == tmp_path / "b"
