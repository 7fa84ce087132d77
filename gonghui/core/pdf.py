""".docx → PDF with LibreOffice, headless, rendered with the free fonts the project maps the standard faces to.

Each call runs its own `soffice --headless --convert-to pdf` with a throwaway profile directory (so calls
can run at once: LibreOffice lets one process use a profile) and FONTCONFIG_FILE set to the project's
fontconfig file (gonghui/core/fonts.py), which maps 仿宋_GB2312 to FandolFang and so on. The system's own
fontconfig set-up is never changed. LibreOffice comes from scripts/system-packages.sh.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from gonghui.core.errors import DomainError
from gonghui.core.fonts import fontconfig_environment

INSTALL_HINT = "请以 root 身份运行 scripts/system-packages.sh 安装（Debian 软件包 libreoffice-writer-nogui）"


class PdfError(DomainError):
    """The PDF could not be made; the message says why, in Chinese."""


class PdfUnavailable(PdfError):
    """LibreOffice (soffice) is not installed on this machine."""

    def __init__(self) -> None:
        super().__init__(f"无法生成 PDF：本机未安装 LibreOffice（找不到 soffice 命令）。{INSTALL_HINT}。")


def soffice_path() -> Path | None:
    """The soffice (LibreOffice) program on PATH, or None."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    return Path(found) if found else None


def render_pdf(docx_path: Path, pdf_path: Path, *, timeout: int = 180) -> None:
    """Render `docx_path` to `pdf_path` with LibreOffice; raise PdfUnavailable or PdfError when it cannot."""
    soffice = soffice_path()
    if soffice is None:
        raise PdfUnavailable()
    if not docx_path.is_file():
        raise PdfError(f"无法生成 PDF：找不到文件 {docx_path}")
    with tempfile.TemporaryDirectory(prefix="gonghui-pdf-") as scratch:
        work = Path(scratch)
        outdir = work / "out"
        command = [
            str(soffice),
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(outdir),
            str(docx_path.resolve()),
        ]
        output = _run(command, timeout=timeout, name=docx_path.name)
        produced = outdir / f"{docx_path.stem}.pdf"
        if not produced.is_file():
            raise PdfError(f"LibreOffice 未能把 {docx_path.name} 转成 PDF：{_last_line(output)}")
        pdf_path.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(produced, pdf_path)


def _run(command: list[str], *, timeout: int, name: str) -> str:
    """Run soffice in its own process group, killed whole on timeout; its output, or PdfError."""
    environment = {**os.environ, **fontconfig_environment()}
    with subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        env=environment,
        text=True,
        start_new_session=True,
    ) as process:
        try:
            output, _ = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise PdfError(f"LibreOffice 转换 {name} 超过 {timeout} 秒仍未完成，已终止。") from None
    if process.returncode != 0:
        raise PdfError(f"LibreOffice 转换 {name} 失败（退出码 {process.returncode}）：{_last_line(output)}")
    return output


def _last_line(output: str) -> str:
    lines = [line for line in output.splitlines() if line.strip()]
    return lines[-1] if lines else "没有输出"
