/* Test-only stand-in for Windows' bcryptprimitives.dll, which Rust's
 * standard library imports (ProcessPrng) and Wine 8 lacks. Real Windows
 * 10/11 have the DLL; this one is put beside jixiao.exe by
 * dist/test-windows.sh only and never goes into the user zip.
 * ProcessPrng is implemented with RtlGenRandom (advapi32's
 * SystemFunction036), which Wine has. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    while (len > 0) {
        ULONG chunk = len > 0x10000000 ? 0x10000000 : (ULONG)len;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}
