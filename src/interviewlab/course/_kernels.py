"""Kernels that talk over Unix sockets (IPC), not TCP on localhost.

Each kernel gets its own private folder for its sockets, so many kernels can run side by
side, and no other user on the machine can connect to a learner's kernel over the network.
"""

from __future__ import annotations

import os
import shutil
import tempfile

from jupyter_client.manager import AsyncKernelManager
from traitlets import default


class IPCKernelManager(AsyncKernelManager):
    """A :class:`jupyter_client.AsyncKernelManager` using IPC sockets in a private folder.

    Asynchronous, as nbclient expects: with a blocking client nbclient waits for output
    forever when a kernel dies mid-cell, instead of noticing the death.
    """

    @default("transport")
    def _default_transport(self) -> str:
        return "ipc"

    @default("ip")
    def _default_ip(self) -> str:
        # Unix socket paths are limited to about 100 bytes: keep the folder short.
        self._socket_dir = tempfile.mkdtemp(
            prefix="ilk-", dir="/tmp" if os.name == "posix" else None
        )
        return os.path.join(self._socket_dir, "k")

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        folder = getattr(self, "_socket_dir", None)
        if folder and not restart:
            shutil.rmtree(folder, ignore_errors=True)
