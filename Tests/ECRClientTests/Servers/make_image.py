#!/usr/bin/env python3
"""Builds small container images without Docker, for the image push/pull tests and the benchmark.

  make_image.py oci DIR [--tag T] [--layers N] [--layer-bytes B] [--docker] [--platforms a,b] [--raw] [--seed S]
  make_image.py docker-archive FILE [--tag repo:tag] [--layers N] [--layer-bytes B] [--seed S]

An OCI image layout (oci-layout, index.json, blobs/sha256/...) or a `docker save` archive. Layers are
tar files holding one file of pseudo-random bytes, gzip-compressed with mtime 0 (digests are stable for a
seed); --raw writes uncompressed random bytes instead (the benchmark's large layers). --docker uses the
Docker schema-2 media types; --platforms makes an index with one image per platform.
"""
import argparse, gzip, hashlib, io, json, os, random, tarfile


def payload(rng, size):
    return rng.getrandbits(8 * size).to_bytes(size, "little") if size else b""


def layer_bytes(rng, size, raw):
    data = payload(rng, size)
    if raw:
        return data
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        info = tarfile.TarInfo("data.bin")
        info.size = len(data)
        info.mtime = 0
        tar.addfile(info, io.BytesIO(data))
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", mtime=0) as gz:
        gz.write(buffer.getvalue())
    return out.getvalue()


class Layout:
    def __init__(self, root):
        self.root = root
        os.makedirs(os.path.join(root, "blobs", "sha256"), exist_ok=True)

    def put(self, data):
        digest = hashlib.sha256(data).hexdigest()
        with open(os.path.join(self.root, "blobs", "sha256", digest), "wb") as f:
            f.write(data)
        return "sha256:" + digest


def build_image(layout, rng, args, platform):
    docker = args.docker
    layers = []
    diff_ids = []
    for index in range(args.layers):
        data = layer_bytes(rng, args.layer_bytes, args.raw)
        layers.append({
            "mediaType": ("application/vnd.docker.image.rootfs.diff.tar.gzip" if docker else
                          "application/vnd.oci.image.layer.v1.tar" + ("" if args.raw else "+gzip")),
            "digest": layout.put(data), "size": len(data)})
        diff_ids.append("sha256:" + hashlib.sha256(data).hexdigest())
    os_name, arch = platform.split("/")
    config = json.dumps({"architecture": arch, "os": os_name, "rootfs": {"type": "layers", "diff_ids": diff_ids},
                         "config": {"Cmd": ["/data.bin"]}}, sort_keys=True).encode()
    manifest = {"schemaVersion": 2,
                "mediaType": "application/vnd.docker.distribution.manifest.v2+json" if docker else "application/vnd.oci.image.manifest.v1+json",
                "config": {"mediaType": "application/vnd.docker.container.image.v1+json" if docker else "application/vnd.oci.image.config.v1+json",
                           "digest": layout.put(config), "size": len(config)},
                "layers": layers}
    data = json.dumps(manifest, indent=3).encode()
    return {"mediaType": manifest["mediaType"], "digest": layout.put(data), "size": len(data)}


def oci(args):
    rng = random.Random(args.seed)
    layout = Layout(args.path)
    platforms = args.platforms.split(",") if args.platforms else ["linux/amd64"]
    images = []
    for platform in platforms:
        descriptor = build_image(layout, rng, args, platform)
        if args.platforms:
            os_name, arch = platform.split("/")
            descriptor["platform"] = {"architecture": arch, "os": os_name}
        images.append(descriptor)
    if args.platforms:
        index_type = "application/vnd.docker.distribution.manifest.list.v2+json" if args.docker else "application/vnd.oci.image.index.v1+json"
        data = json.dumps({"schemaVersion": 2, "mediaType": index_type, "manifests": images}, indent=3).encode()
        top = {"mediaType": index_type, "digest": layout.put(data), "size": len(data)}
    else:
        top = images[0]
    top["annotations"] = {"org.opencontainers.image.ref.name": args.tag}
    with open(os.path.join(args.path, "index.json"), "w") as f:
        json.dump({"schemaVersion": 2, "manifests": [top]}, f)
    with open(os.path.join(args.path, "oci-layout"), "w") as f:
        json.dump({"imageLayoutVersion": "1.0.0"}, f)
    print(top["digest"])


def docker_archive(args):
    rng = random.Random(args.seed)
    members = []
    layer_names = []
    diff_ids = []
    for index in range(args.layers):
        data = payload(rng, args.layer_bytes)
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode="w", format=tarfile.USTAR_FORMAT) as tar:
            info = tarfile.TarInfo("file%d.bin" % index)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        layer = buffer.getvalue()
        name = "%064x/layer.tar" % (index + 1)
        members.append((name, layer))
        layer_names.append(name)
        diff_ids.append("sha256:" + hashlib.sha256(layer).hexdigest())
    config = json.dumps({"architecture": "amd64", "os": "linux", "rootfs": {"type": "layers", "diff_ids": diff_ids}}).encode()
    config_name = hashlib.sha256(config).hexdigest() + ".json"
    members.append((config_name, config))
    manifest = json.dumps([{"Config": config_name, "RepoTags": [args.tag], "Layers": layer_names}]).encode()
    members.append(("manifest.json", manifest))
    with tarfile.open(args.path, "w", format=tarfile.USTAR_FORMAT) as tar:
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    print(json.dumps({"config": "sha256:" + hashlib.sha256(config).hexdigest(), "layers": diff_ids}))


parser = argparse.ArgumentParser()
parser.add_argument("kind", choices=["oci", "docker-archive"])
parser.add_argument("path")
parser.add_argument("--tag", default="v1")
parser.add_argument("--layers", type=int, default=2)
parser.add_argument("--layer-bytes", type=int, default=4096)
parser.add_argument("--docker", action="store_true")
parser.add_argument("--platforms")
parser.add_argument("--raw", action="store_true")
parser.add_argument("--seed", type=int, default=1)
args = parser.parse_args()
oci(args) if args.kind == "oci" else docker_archive(args)
