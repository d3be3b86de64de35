"""`dpo-desktop doctor`: hardware, library versions, and the backend a run would use."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from typing import Any


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "doctor", help="show the GPU/CPU, library versions and the training backend",
        description="Probe the hardware (CUDA device, VRAM, bf16, bitsandbytes, unsloth, CPU, "
                    "RAM) and print the library versions and the backend `train` would use.")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from dpo_desktop.core import hardware

    info = hardware.probe()
    backend = hardware.choose_backend(info)
    versions = hardware.library_versions()
    if args.json:
        print(json.dumps({"hardware": asdict(info), "backend": backend, "versions": versions},
                         indent=2))
        return 0
    print("Hardware")
    for line in hardware.describe(info):
        print(f"  {line}")
    print(f"\nBackend: {backend}")
    if backend == "cpu-lora":
        print("  Full-precision LoRA on the CPU: slow, meant for small models such as the demo.")
        if info.bitsandbytes:
            print("  qlora (4-bit) also works on this CPU: `auto` picks it for a model whose "
                  "fp32 training would not fit in RAM but whose 4-bit training would. It is "
                  "slower than cpu-lora; choose it with --backend qlora.")
    print("\nLibraries")
    for name, version in versions.items():
        print(f"  {name:<20}{version}")
    return 0
