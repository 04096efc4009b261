/*
 * test_containers.c - the container behind a process: cgroup texts as
 * Docker, Podman, Kubernetes (systemd and cgroupfs drivers, containerd,
 * CRI-O, dockershim) and systemd-machined write them (shapes taken from
 * real hosts' /proc/PID/cgroup), garbage and over-long lines; then the
 * runtimes' files in a temporary tree: names found, missing files giving
 * the short id, hostile JSON refused with one warning, FIFOs never opened,
 * and each file read once per run.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "enrich/containers.h"
#include "enrich/containers_runtime.h"

#define ID_A	  "3f4e0a9d5c2b1e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f"
#define ID_B	  "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define ID_C	  "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210"
#define UID_DASH  "a5c1f8d5-1919-434d-add7-4afaafdaef89"
#define UID_UNDER "a5c1f8d5_1919_434d_add7_4afaafdaef89"

/* Parses text and checks runtime and id (or machine); NULL expects no container. */
static void expect(const char *text, enum container_runtime rt, const char *id, const char *uid)
{
	struct container_ref ref;
	bool found = containers_parse_cgroup(text, strlen(text), &ref);

	if (rt == CONTAINER_NONE) {
		if (found)
			fail_msg("found %s %s in: %s", container_runtime_name(ref.runtime), ref.id,
				 text);
		assert_int_equal(ref.runtime, CONTAINER_NONE);
		return;
	}
	if (!found)
		fail_msg("no container in: %s", text);
	assert_string_equal(container_runtime_name(ref.runtime), container_runtime_name(rt));
	if (rt == CONTAINER_NSPAWN)
		assert_string_equal(ref.machine, id);
	else
		assert_string_equal(ref.id, id);
	assert_string_equal(ref.pod_uid, uid != NULL ? uid : "");
}

static void test_docker(void **state)
{
	(void)state;
	/* cgroup v2, systemd driver */
	expect("0::/system.slice/docker-" ID_A ".scope\n", CONTAINER_DOCKER, ID_A, NULL);
	/* v1, cgroupfs driver: every controller line names /docker/ID */
	expect("12:pids:/docker/" ID_A "\n11:memory:/docker/" ID_A "\n1:name=systemd:/docker/" ID_A
	       "\n0::/\n",
	       CONTAINER_DOCKER, ID_A, NULL);
	/* v2, cgroupfs driver */
	expect("0::/docker/" ID_B, CONTAINER_DOCKER, ID_B, NULL);
	/* no trailing newline, CRLF */
	expect("0::/system.slice/docker-" ID_B ".scope", CONTAINER_DOCKER, ID_B, NULL);
	/* docker-in-docker and kind: the outer container is the one this host knows */
	expect("0::/system.slice/docker-" ID_A ".scope/kubelet.slice/kubelet-kubepods.slice/"
	       "kubelet-kubepods-besteffort.slice/kubelet-kubepods-besteffort-pod" UID_UNDER
	       ".slice/cri-containerd-" ID_B ".scope\n",
	       CONTAINER_DOCKER, ID_A, NULL);
	expect("0::/docker/" ID_A "/docker/" ID_B "\n", CONTAINER_DOCKER, ID_A, NULL);
	/* a short or upper-case id is no container id */
	expect("0::/system.slice/docker-3f4e0a9d5c2b.scope\n", CONTAINER_NONE, NULL, NULL);
	expect("0::/docker/3F4E0A9D5C2B1E8F7A6B5C4D3E2F1A0B9C8D7E6F5A4B3C2D1E0F9A8B7C6D5E4F\n",
	       CONTAINER_NONE, NULL, NULL);
	/* docker.service itself is no container */
	expect("0::/system.slice/docker.service\n", CONTAINER_NONE, NULL, NULL);
}

static void test_podman(void **state)
{
	(void)state;
	expect("0::/machine.slice/libpod-" ID_A ".scope\n", CONTAINER_PODMAN, ID_A, NULL);
	/* systemd-mode containers put the payload one level down */
	expect("0::/machine.slice/libpod-" ID_A ".scope/container\n", CONTAINER_PODMAN, ID_A, NULL);
	/* rootless */
	expect("0::/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-" ID_B
	       ".scope\n",
	       CONTAINER_PODMAN, ID_B, NULL);
	/* cgroupfs manager */
	expect("0::/libpod_parent/libpod-" ID_B "\n", CONTAINER_PODMAN, ID_B, NULL);
	/* conmon, the monitor beside the container, is not the container */
	expect("0::/machine.slice/libpod-conmon-" ID_A ".scope\n", CONTAINER_NONE, NULL, NULL);
}

static void test_kubernetes(void **state)
{
	(void)state;
	/* systemd driver, containerd */
	expect("0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" UID_UNDER
	       ".slice/cri-containerd-" ID_A ".scope\n",
	       CONTAINER_CONTAINERD, ID_A, UID_DASH);
	/* Guaranteed QoS: no QoS slice */
	expect("0::/kubepods.slice/kubepods-pod" UID_UNDER ".slice/cri-containerd-" ID_A ".scope\n",
	       CONTAINER_CONTAINERD, ID_A, UID_DASH);
	/* CRI-O, v1 */
	expect(
	    "13:freezer:/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" UID_UNDER
	    ".slice/crio-" ID_B ".scope\n11:files:/\n",
	    CONTAINER_CRIO, ID_B, UID_DASH);
	expect("0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" UID_UNDER
	       ".slice/crio-conmon-" ID_B ".scope\n",
	       CONTAINER_NONE, NULL, NULL);
	/* dockershim: Docker under kubepods */
	expect(
	    "11:freezer:/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" UID_UNDER
	    ".slice/docker-" ID_C ".scope\n",
	    CONTAINER_DOCKER, ID_C, UID_DASH);
	/* v1 with the systemd driver as runc names it: "slice:prefix:id" */
	expect("10:blkio:/system.slice/containerd.service/kubepods-besteffort-pod" UID_UNDER
	       ".slice:cri-containerd:" ID_C "\n",
	       CONTAINER_CONTAINERD, ID_C, UID_DASH);
	/* cgroupfs driver: the runtime is not in the path */
	expect("0::/kubepods/burstable/pod" UID_DASH "/" ID_A "\n", CONTAINER_KUBERNETES, ID_A,
	       UID_DASH);
	expect("4:memory:/kubepods/pod" UID_DASH "/" ID_B "\n", CONTAINER_KUBERNETES, ID_B,
	       UID_DASH);
	/* a static pod's UID is a 32-digit hash */
	expect("0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-"
	       "pod8daa50c3a64c9ff60bb9eab7b44b56fd.slice/cri-containerd-" ID_A ".scope\n",
	       CONTAINER_CONTAINERD, ID_A, "8daa50c3a64c9ff60bb9eab7b44b56fd");
	/* the pod slice alone (a process in the pod, in no container) */
	expect("0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" UID_UNDER
	       ".slice\n",
	       CONTAINER_NONE, NULL, NULL);
	/* a hex component outside kubepods is nobody's container */
	expect("0::/system.slice/pod" UID_DASH "/" ID_A "\n", CONTAINER_NONE, NULL, NULL);
}

static void test_nspawn(void **state)
{
	(void)state;
	expect("0::/machine.slice/machine-web.scope/payload\n", CONTAINER_NSPAWN, "web", NULL);
	expect("0::/machine.slice/machine-my\\x2dbox\\x2d1.scope/payload/system.slice/"
	       "nginx.service\n",
	       CONTAINER_NSPAWN, "my-box-1", NULL);
	expect("1:name=systemd:/machine.slice/machine-db.scope\n", CONTAINER_NSPAWN, "db", NULL);
	/* a bad escape, an escaped NUL, an empty name: refused */
	expect("0::/machine.slice/machine-a\\x2.scope\n", CONTAINER_NONE, NULL, NULL);
	expect("0::/machine.slice/machine-a\\x00b.scope\n", CONTAINER_NONE, NULL, NULL);
	expect("0::/machine.slice/machine-.scope\n", CONTAINER_NONE, NULL, NULL);
	{
		/* a raw NUL in the name (a forged file; found by fuzz_containers) */
		static const char nul[] = "0::/machine.slice/machine-\0003y.scope\n";
		struct container_ref ref;

		assert_false(containers_parse_cgroup(nul, sizeof(nul) - 1, &ref));
	}
	/* machine-NAME.scope outside machine.slice is another unit */
	expect("0::/system.slice/machine-x.scope\n", CONTAINER_NONE, NULL, NULL);
}

static void test_garbage(void **state)
{
	char *big;
	size_t i, n = 1 << 20;
	struct container_ref ref;
	(void)state;

	expect("", CONTAINER_NONE, NULL, NULL);
	expect("\n\n\n", CONTAINER_NONE, NULL, NULL);
	expect("0::/\n", CONTAINER_NONE, NULL, NULL);
	expect("0::/init.scope\n", CONTAINER_NONE, NULL, NULL);
	expect("0::/user.slice/user-1000.slice/session-2.scope\n", CONTAINER_NONE, NULL, NULL);
	expect("no colons at all", CONTAINER_NONE, NULL, NULL);
	expect("::::::", CONTAINER_NONE, NULL, NULL);
	expect("0::docker-" ID_A ".scope", CONTAINER_DOCKER, ID_A, NULL);
	expect("0::/docker-", CONTAINER_NONE, NULL, NULL);
	expect("0::/docker/", CONTAINER_NONE, NULL, NULL);
	expect("0::/machine.slice/machine-", CONTAINER_NONE, NULL, NULL);
	expect("0::/kubepods/pod/", CONTAINER_NONE, NULL, NULL);
	/* an over-long line: a megabyte of slashes and names, then a container */
	big = malloc(n + 200);
	assert_non_null(big);
	memcpy(big, "0::", 3);
	for (i = 3; i < n; i++)
		big[i] = (i % 7 == 0) ? '/' : 'a';
	memcpy(big + n, "/docker-" ID_C ".scope", 8 + 64 + 6);
	assert_true(containers_parse_cgroup(big, n + 78, &ref));
	assert_string_equal(ref.id, ID_C);
	/* cut in the middle of the id: no container, no read past the length */
	assert_false(containers_parse_cgroup(big, n + 40, &ref));
	free(big);
}

static void test_runtime_names(void **state)
{
	(void)state;
	assert_string_equal(container_runtime_name(CONTAINER_DOCKER), "docker");
	assert_string_equal(container_runtime_name(CONTAINER_PODMAN), "podman");
	assert_string_equal(container_runtime_name(CONTAINER_CONTAINERD), "containerd");
	assert_string_equal(container_runtime_name(CONTAINER_CRIO), "cri-o");
	assert_string_equal(container_runtime_name(CONTAINER_KUBERNETES), "kubernetes");
	assert_string_equal(container_runtime_name(CONTAINER_NSPAWN), "nspawn");
	assert_string_equal(container_runtime_name(CONTAINER_NONE), "");
	assert_string_equal(container_runtime_name((enum container_runtime)99), "");
}

/* containers_docker_name on a C string. */
static int docker_name(const char *text, char *out, size_t cap)
{
	return containers_docker_name(text, strlen(text), out, cap);
}

static void test_json_parsers(void **state)
{
	char out[CONTAINER_NAME_MAX];
	struct container_info info;
	(void)state;

	assert_int_equal(docker_name("{\"ID\":\"x\",\"Name\":\"/web\"}", out, sizeof(out)), 0);
	assert_string_equal(out, "web");
	/* wrong type, absent, empty, NUL inside, not an object, not JSON */
	assert_int_equal(docker_name("{\"Name\":5}", out, sizeof(out)), -ENOENT);
	assert_int_equal(docker_name("{}", out, sizeof(out)), -ENOENT);
	assert_int_equal(docker_name("{\"Name\":\"/\"}", out, sizeof(out)), -ENOENT);
	assert_int_equal(docker_name("{\"Name\":\"/a\\u0000b\"}", out, sizeof(out)), -ENOENT);
	assert_int_equal(docker_name("[\"Name\"]", out, sizeof(out)), -ENOENT);
	assert_int_equal(docker_name("{\"Name\":", out, sizeof(out)), -EINVAL);
	assert_int_equal(docker_name("{\"Name\":\"/web\"} x", out, sizeof(out)), -EINVAL);
	/* white space may follow the value; invalid UTF-8 and a NUL byte are no JSON */
	assert_int_equal(docker_name("{\"Name\":\"/web\"}\n \r\t", out, sizeof(out)), 0);
	assert_int_equal(docker_name("{\"Name\":\"/w\xff\"}", out, sizeof(out)), -EINVAL);
	assert_int_equal(containers_docker_name("{\"Name\":\"/web\"}\0", 16, out, sizeof(out)),
			 -EINVAL);
	assert_int_equal(containers_docker_name("", 0, out, sizeof(out)), -EINVAL);
	/* too long for the field: absent, not cut */
	assert_int_equal(docker_name("{\"Name\":\"/abcdef\"}", out, 4), -ENOENT);

	memset(&info, 0, sizeof(info));
	assert_int_equal(
	    containers_oci_annotations("{\"ociVersion\":\"1.0.2\",\"annotations\":{"
				       "\"io.kubernetes.cri.container-type\":\"container\","
				       "\"io.kubernetes.cri.container-name\":\"nginx\","
				       "\"io.kubernetes.cri.sandbox-name\":\"web-7d4b9c\","
				       "\"io.kubernetes.cri.sandbox-namespace\":\"shop\"}}",
				       strlen("{\"ociVersion\":\"1.0.2\",\"annotations\":{"
					      "\"io.kubernetes.cri.container-type\":\"container\","
					      "\"io.kubernetes.cri.container-name\":\"nginx\","
					      "\"io.kubernetes.cri.sandbox-name\":\"web-7d4b9c\","
					      "\"io.kubernetes.cri.sandbox-namespace\":\"shop\"}}"),
				       &info),
	    0);
	assert_string_equal(info.pod_name, "web-7d4b9c");
	assert_string_equal(info.pod_namespace, "shop");
	assert_string_equal(info.container_name, "nginx");
	memset(&info, 0, sizeof(info));
	assert_int_equal(containers_oci_annotations("{\"annotations\":[]}", 18, &info), -ENOENT);
	assert_int_equal(containers_oci_annotations("nope", 4, &info), -EINVAL);

	assert_true(containers_k8s_name("k8s_nginx_web-7d4b9c_shop_" UID_DASH "_0", &info));
	assert_string_equal(info.container_name, "nginx");
	assert_string_equal(info.pod_name, "web-7d4b9c");
	assert_string_equal(info.pod_namespace, "shop");
	memset(&info, 0, sizeof(info));
	assert_false(containers_k8s_name("k8s_nginx_web", &info));
	assert_false(containers_k8s_name("web", &info));
	assert_string_equal(info.pod_name, "");
}

/* ---- the runtime files in a temporary tree ---- */

struct tree {
	char root[64];
};

static void mkdirs(const char *root, const char *rel)
{
	char path[1024];
	size_t i, n;

	n = (size_t)snprintf(path, sizeof(path), "%s/%s", root, rel);
	for (i = strlen(root) + 1; i <= n; i++)
		if (path[i] == '/' || path[i] == '\0') {
			char c = path[i];

			path[i] = '\0';
			if (mkdir(path, 0755) != 0 && errno != EEXIST)
				fail_msg("mkdir %s: %s", path, strerror(errno));
			path[i] = c;
		}
}

static void put_file(const char *root, const char *rel, const char *text, size_t len)
{
	char path[1024], dir[1024];
	char *slash;
	FILE *f;

	snprintf(dir, sizeof(dir), "%s", rel);
	slash = strrchr(dir, '/');
	if (slash != NULL) {
		*slash = '\0';
		mkdirs(root, dir);
	}
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static void put(const char *root, const char *rel, const char *text)
{
	put_file(root, rel, text, strlen(text));
}

static int tree_setup(void **state)
{
	struct tree *t = calloc(1, sizeof(*t));

	if (t == NULL)
		return -1;
	snprintf(t->root, sizeof(t->root), "/tmp/portstat-containers-XXXXXX");
	if (mkdtemp(t->root) == NULL)
		return -1;
	*state = t;
	return 0;
}

static int tree_teardown(void **state)
{
	struct tree *t = *state;
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", t->root);
	if (system(cmd) != 0)
		return -1;
	free(t);
	return 0;
}

static struct container_ref ref_of(const char *cgroup)
{
	struct container_ref ref;

	assert_true(containers_parse_cgroup(cgroup, strlen(cgroup), &ref));
	return ref;
}

static void test_docker_files(void **state)
{
	struct tree *t = *state;
	struct containers cs;
	struct warnings w;
	struct container_ref ref;
	const struct container_info *info;

	put(t->root, "var/lib/docker/containers/" ID_A "/config.v2.json",
	    "{\"ID\":\"" ID_A "\",\"Name\":\"/web\",\"State\":{\"Running\":true}}");
	warnings_init(&w);
	containers_init(&cs, t->root);

	ref = ref_of("0::/system.slice/docker-" ID_A ".scope\n");
	info = containers_lookup(&cs, &ref, &w);
	assert_int_equal(info->runtime, CONTAINER_DOCKER);
	assert_string_equal(info->id, ID_A);
	assert_string_equal(info->short_id, "3f4e0a9d5c2b");
	assert_string_equal(info->name, "web");
	assert_string_equal(info->pod_name, "");

	/* no file: the short id, no name, no warning */
	ref = ref_of("0::/docker/" ID_B "\n");
	info = containers_lookup(&cs, &ref, &w);
	assert_string_equal(info->short_id, "0123456789ab");
	assert_string_equal(info->name, "");
	assert_int_equal(w.len, 0);

	/* per run: a file changed after the first lookup is not read again */
	put(t->root, "var/lib/docker/containers/" ID_A "/config.v2.json",
	    "{\"Name\":\"/renamed\"}");
	ref = ref_of("0::/system.slice/docker-" ID_A ".scope\n");
	info = containers_lookup(&cs, &ref, &w);
	assert_string_equal(info->name, "web");
	containers_free(&cs);

	/* a new run reads it */
	containers_init(&cs, t->root);
	info = containers_lookup(&cs, &ref, &w);
	assert_string_equal(info->name, "renamed");
	containers_free(&cs);
	warnings_free(&w);
}

static void test_podman_files(void **state)
{
	struct tree *t = *state;
	struct containers cs;
	struct warnings w;
	struct container_ref ref;
	const struct container_info *info;

	put(t->root, "var/lib/containers/storage/overlay-containers/containers.json",
	    "[{\"id\":\"" ID_B "\",\"names\":[\"db\",\"alias\"],\"image\":\"x\"},"
	    "{\"id\":\"short\",\"names\":[\"bad\"]},"
	    "{\"id\":\"" ID_C "\",\"names\":\"not-an-array\"},"
	    "{\"id\":\"" ID_A "\",\"names\":[\"web\"]}]");
	warnings_init(&w);
	containers_init(&cs, t->root);
	ref = ref_of("0::/machine.slice/libpod-" ID_A ".scope\n");
	info = containers_lookup(&cs, &ref, &w);
	assert_string_equal(info->name, "web");
	ref = ref_of("0::/machine.slice/libpod-" ID_B ".scope/container\n");
	info = containers_lookup(&cs, &ref, &w);
	assert_string_equal(info->name, "db");
	assert_string_equal(info->short_id, "0123456789ab");
	ref = ref_of("0::/machine.slice/libpod-" ID_C ".scope\n");
	info = containers_lookup(&cs, &ref, &w);
	assert_string_equal(info->name, "");
	assert_string_equal(info->short_id, "fedcba987654");
	assert_int_equal(w.len, 0);
	containers_free(&cs);
	warnings_free(&w);
}

static void test_kubernetes_files(void **state)
{
	struct tree *t = *state;
	struct containers cs;
	struct warnings w;
	struct container_ref ref;
	const struct container_info *info;

	/* the pod's log directory and the kubelet's link naming the container */
	mkdirs(t->root, "var/log/pods/shop_web-7d4b9c_" UID_DASH "/nginx");
	mkdirs(t->root,
	       "var/log/pods/kube-system_coredns-5d78c_11111111-2222-3333-4444-555555555555/"
	       "coredns");
	mkdirs(t->root, "var/log/containers");
	put(t->root, "var/log/containers/web-7d4b9c_shop_nginx-" ID_A ".log", "");
	warnings_init(&w);
	containers_init(&cs, t->root);

	ref = ref_of("0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" UID_UNDER
		     ".slice/cri-containerd-" ID_A ".scope\n");
	info = containers_lookup(&cs, &ref, &w);
	assert_int_equal(info->runtime, CONTAINER_CONTAINERD);
	assert_string_equal(info->pod_name, "web-7d4b9c");
	assert_string_equal(info->pod_namespace, "shop");
	assert_string_equal(info->container_name, "nginx");
	assert_string_equal(info->name, "nginx");

	/* another container of the same pod without a log link: pod known, container not */
	ref = ref_of("0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" UID_UNDER
		     ".slice/cri-containerd-" ID_B ".scope\n");
	info = containers_lookup(&cs, &ref, &w);
	assert_string_equal(info->pod_name, "web-7d4b9c");
	assert_string_equal(info->container_name, "");
	assert_string_equal(info->short_id, "0123456789ab");
	containers_free(&cs);

	/* containerd's task bundle names all three, and says the runtime under cgroupfs */
	put(t->root, "run/containerd/io.containerd.runtime.v2.task/k8s.io/" ID_C "/config.json",
	    "{\"annotations\":{\"io.kubernetes.cri.container-name\":\"redis\","
	    "\"io.kubernetes.cri.sandbox-name\":\"cache-0\","
	    "\"io.kubernetes.cri.sandbox-namespace\":\"data\"}}");
	containers_init(&cs, t->root);
	ref = ref_of("0::/kubepods/besteffort/pod99999999-8888-7777-6666-555555555555/" ID_C "\n");
	info = containers_lookup(&cs, &ref, &w);
	assert_int_equal(info->runtime, CONTAINER_CONTAINERD);
	assert_string_equal(info->pod_name, "cache-0");
	assert_string_equal(info->pod_namespace, "data");
	assert_string_equal(info->container_name, "redis");
	containers_free(&cs);

	/* CRI-O's userdata config */
	put(t->root, "run/containers/storage/overlay-containers/" ID_B "/userdata/config.json",
	    "{\"annotations\":{\"io.kubernetes.container.name\":\"api\","
	    "\"io.kubernetes.pod.name\":\"api-6f\",\"io.kubernetes.pod.namespace\":\"prod\"}}");
	containers_init(&cs, t->root);
	ref =
	    ref_of("0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" UID_UNDER
		   ".slice/crio-" ID_B ".scope\n");
	info = containers_lookup(&cs, &ref, &w);
	assert_int_equal(info->runtime, CONTAINER_CRIO);
	assert_string_equal(info->pod_name, "api-6f");
	assert_string_equal(info->pod_namespace, "prod");
	assert_string_equal(info->container_name, "api");
	assert_int_equal(w.len, 0);
	containers_free(&cs);
	warnings_free(&w);
}

static void test_dockershim_files(void **state)
{
	struct tree *t = *state;
	struct containers cs;
	struct warnings w;
	struct container_ref ref;
	const struct container_info *info;

	/* dockershim named Kubernetes containers k8s_CONTAINER_POD_NS_UID_N */
	put(t->root, "var/lib/docker/containers/" ID_C "/config.v2.json",
	    "{\"Name\":\"/k8s_nginx_web-7d4b9c_shop_" UID_DASH "_0\"}");
	put(t->root, "var/lib/docker/containers/" ID_A "/config.v2.json",
	    "{\"Name\":\"/not_a_k8s_name\"}");
	warnings_init(&w);
	containers_init(&cs, t->root);
	ref = ref_of(
	    "11:freezer:/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" UID_UNDER
	    ".slice/docker-" ID_C ".scope\n");
	info = containers_lookup(&cs, &ref, &w);
	assert_int_equal(info->runtime, CONTAINER_DOCKER);
	assert_string_equal(info->name, "nginx");
	assert_string_equal(info->pod_name, "web-7d4b9c");
	assert_string_equal(info->pod_namespace, "shop");
	/* the cgroupfs driver: the runtime is found from whose file names the id */
	ref = ref_of("0::/kubepods/burstable/pod" UID_DASH "/" ID_A "\n");
	assert_int_equal(ref.runtime, CONTAINER_KUBERNETES);
	info = containers_lookup(&cs, &ref, &w);
	assert_int_equal(info->runtime, CONTAINER_DOCKER);
	assert_string_equal(info->name, "");
	/* looked up again under its cgroup's key: the same entry */
	assert_ptr_equal(containers_lookup(&cs, &ref, &w), info);
	/* no runtime's files at all: still "kubernetes", the short id */
	ref = ref_of("0::/kubepods/burstable/pod" UID_DASH "/" ID_B "\n");
	info = containers_lookup(&cs, &ref, &w);
	assert_int_equal(info->runtime, CONTAINER_KUBERNETES);
	assert_string_equal(info->short_id, "0123456789ab");
	assert_int_equal(w.len, 0);
	containers_free(&cs);
	warnings_free(&w);
}

static void test_bad_storage(void **state)
{
	struct tree *t = *state;
	struct containers cs;
	struct warnings w;
	struct container_ref ref;
	const struct container_info *info;

	/* CRI-O without its userdata spec: its storage name */
	put(t->root, "var/lib/containers/storage/overlay-containers/containers.json",
	    "[{\"id\":\"" ID_B "\",\"names\":[\"k8s_api_api-6f_prod_" UID_DASH "_1\"]}]");
	warnings_init(&w);
	containers_init(&cs, t->root);
	ref =
	    ref_of("0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" UID_UNDER
		   ".slice/crio-" ID_B ".scope\n");
	info = containers_lookup(&cs, &ref, &w);
	assert_string_equal(info->name, "api");
	assert_string_equal(info->pod_namespace, "prod");
	containers_free(&cs);

	/* an object where the array should be; an OCI spec that is no JSON */
	put(t->root, "var/lib/containers/storage/overlay-containers/containers.json", "{}");
	put(t->root, "run/containerd/io.containerd.runtime.v2.task/k8s.io/" ID_A "/config.json",
	    "{\"annotations\":");
	containers_init(&cs, t->root);
	ref = ref_of("0::/machine.slice/libpod-" ID_B ".scope\n");
	info = containers_lookup(&cs, &ref, &w);
	assert_string_equal(info->name, "");
	assert_int_equal(w.len, 1);
	assert_non_null(strstr(w.msgs[0], "not a JSON array"));
	ref = ref_of("0::/kubepods/besteffort/pod" UID_DASH "/" ID_A "\n");
	info = containers_lookup(&cs, &ref, &w);
	assert_int_equal(info->runtime, CONTAINER_CONTAINERD);
	assert_int_equal(w.len, 2);
	assert_non_null(strstr(w.msgs[1], "not JSON"));
	containers_free(&cs);
	warnings_free(&w);
}

static void test_nspawn_lookup(void **state)
{
	struct tree *t = *state;
	struct containers cs;
	struct container_ref ref;
	const struct container_info *info;

	containers_init(&cs, t->root);
	ref = ref_of("0::/machine.slice/machine-my\\x2dbox.scope/payload\n");
	info = containers_lookup(&cs, &ref, NULL);
	assert_int_equal(info->runtime, CONTAINER_NSPAWN);
	assert_string_equal(info->name, "my-box");
	assert_string_equal(info->id, "");
	containers_free(&cs);
}

static void test_hostile_files(void **state)
{
	struct tree *t = *state;
	struct containers cs;
	struct warnings w;
	struct container_ref ref;
	const struct container_info *info;
	char *deep, *huge, path[512];
	size_t i, n = 100000;

	/* deep nesting */
	deep = malloc(2 * n + 32);
	assert_non_null(deep);
	strcpy(deep, "{\"Name\":");
	for (i = 0; i < n; i++)
		deep[8 + i] = '[';
	for (i = 0; i < n; i++)
		deep[8 + n + i] = ']';
	deep[8 + 2 * n] = '}';
	put_file(t->root, "var/lib/docker/containers/" ID_A "/config.v2.json", deep, 2 * n + 9);
	free(deep);
	/* a huge string (over the name field, under the cap) */
	huge = malloc(3 * n + 32);
	assert_non_null(huge);
	strcpy(huge, "{\"Name\":\"/");
	memset(huge + 10, 'x', 3 * n);
	strcpy(huge + 10 + 3 * n, "\"}");
	put(t->root, "var/lib/docker/containers/" ID_B "/config.v2.json", huge);
	free(huge);
	/* wrong types */
	put(t->root, "var/lib/docker/containers/" ID_C "/config.v2.json",
	    "{\"Name\":{\"Name\":[\"/web\"]}}");
	/* a FIFO where Podman's list should be: never opened (it would block) */
	mkdirs(t->root, "var/lib/containers/storage/overlay-containers");
	snprintf(path, sizeof(path),
		 "%s/var/lib/containers/storage/overlay-containers/containers.json", t->root);
	assert_int_equal(mkfifo(path, 0600), 0);

	warnings_init(&w);
	containers_init(&cs, t->root);
	ref = ref_of("0::/docker/" ID_A "\n");
	info = containers_lookup(&cs, &ref, &w);
	assert_string_equal(info->name, "");
	assert_string_equal(info->short_id, "3f4e0a9d5c2b");
	assert_int_equal(w.len, 1);
	assert_non_null(strstr(w.msgs[0], "config.v2.json"));
	ref = ref_of("0::/docker/" ID_B "\n");
	info = containers_lookup(&cs, &ref, &w);
	assert_string_equal(info->name, "");
	ref = ref_of("0::/docker/" ID_C "\n");
	info = containers_lookup(&cs, &ref, &w);
	assert_string_equal(info->name, "");
	/* one warning for the kind of file, however many containers have a bad one */
	assert_int_equal(w.len, 1);

	ref = ref_of("0::/machine.slice/libpod-" ID_A ".scope\n");
	info = containers_lookup(&cs, &ref, &w);
	assert_string_equal(info->name, "");
	assert_int_equal(w.len, 2);
	assert_non_null(strstr(w.msgs[1], "containers.json"));
	assert_non_null(strstr(w.msgs[1], "not a regular file"));
	ref = ref_of("0::/machine.slice/libpod-" ID_B ".scope\n");
	(void)containers_lookup(&cs, &ref, &w);
	assert_int_equal(w.len, 2);
	containers_free(&cs);
	warnings_free(&w);
}

static void test_size_cap(void **state)
{
	struct tree *t = *state;
	struct containers cs;
	struct warnings w;
	struct container_ref ref;
	const struct container_info *info;
	char path[512];
	int fd;

	/* a sparse 17 MiB containers.json: over the cap, refused before parsing */
	mkdirs(t->root, "var/lib/containers/storage/overlay-containers");
	snprintf(path, sizeof(path),
		 "%s/var/lib/containers/storage/overlay-containers/containers.json", t->root);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, 17 << 20), 0);
	assert_int_equal(close(fd), 0);

	warnings_init(&w);
	containers_init(&cs, t->root);
	ref = ref_of("0::/machine.slice/libpod-" ID_A ".scope\n");
	info = containers_lookup(&cs, &ref, &w);
	assert_string_equal(info->name, "");
	assert_int_equal(w.len, 1);
	assert_non_null(strstr(w.msgs[0], "larger than 16 MiB"));
	containers_free(&cs);
	warnings_free(&w);
}

static void test_of_pid(void **state)
{
	struct tree *t = *state;
	struct containers cs;
	const struct container_info *info = NULL;
	char dir[512];
	int fd;

	put(t->root, "proc/42/cgroup", "0::/system.slice/docker-" ID_A ".scope\n");
	put(t->root, "proc/43/cgroup", "0::/system.slice/sshd.service\n");
	put(t->root, "var/lib/docker/containers/" ID_A "/config.v2.json", "{\"Name\":\"/web\"}");
	containers_init(&cs, t->root);
	snprintf(dir, sizeof(dir), "%s/proc/42", t->root);
	fd = open(dir, O_RDONLY | O_DIRECTORY);
	assert_true(fd >= 0);
	assert_int_equal(containers_of_pid(&cs, fd, &info, NULL), 1);
	assert_string_equal(info->name, "web");
	(void)close(fd);
	snprintf(dir, sizeof(dir), "%s/proc/43", t->root);
	fd = open(dir, O_RDONLY | O_DIRECTORY);
	assert_true(fd >= 0);
	assert_int_equal(containers_of_pid(&cs, fd, &info, NULL), 0);
	(void)close(fd);
	snprintf(dir, sizeof(dir), "%s/proc", t->root);
	fd = open(dir, O_RDONLY | O_DIRECTORY);
	assert_true(fd >= 0);
	assert_int_equal(containers_of_pid(&cs, fd, &info, NULL), -ENOENT);
	(void)close(fd);
	containers_free(&cs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_docker),
	    cmocka_unit_test(test_podman),
	    cmocka_unit_test(test_kubernetes),
	    cmocka_unit_test(test_nspawn),
	    cmocka_unit_test(test_garbage),
	    cmocka_unit_test(test_runtime_names),
	    cmocka_unit_test(test_json_parsers),
	    cmocka_unit_test_setup_teardown(test_docker_files, tree_setup, tree_teardown),
	    cmocka_unit_test_setup_teardown(test_podman_files, tree_setup, tree_teardown),
	    cmocka_unit_test_setup_teardown(test_kubernetes_files, tree_setup, tree_teardown),
	    cmocka_unit_test_setup_teardown(test_dockershim_files, tree_setup, tree_teardown),
	    cmocka_unit_test_setup_teardown(test_bad_storage, tree_setup, tree_teardown),
	    cmocka_unit_test_setup_teardown(test_nspawn_lookup, tree_setup, tree_teardown),
	    cmocka_unit_test_setup_teardown(test_hostile_files, tree_setup, tree_teardown),
	    cmocka_unit_test_setup_teardown(test_size_cap, tree_setup, tree_teardown),
	    cmocka_unit_test_setup_teardown(test_of_pid, tree_setup, tree_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
