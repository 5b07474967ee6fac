"""The SigV4 signer against AWS's published example (Amazon S3 API reference, "Signature
Calculations for the Authorization Header", example GET Object with a Range header)."""

from handlers.s3.sigv4 import EMPTY_SHA256, Credentials, authorization, canonical_request

AWS = Credentials("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "us-east-1")
HEADERS = {"Host": "examplebucket.s3.amazonaws.com", "Range": "bytes=0-9",
           "x-amz-content-sha256": EMPTY_SHA256, "x-amz-date": "20130524T000000Z"}


def test_the_documented_get_object_example_is_signed_as_aws_signs_it():
    assert authorization(AWS, "GET", "/test.txt", [], HEADERS, EMPTY_SHA256) == (
        "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
        "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,"
        "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")


def test_the_canonical_request_is_the_documented_one():
    canonical, signed = canonical_request("GET", "/test.txt", [], HEADERS, EMPTY_SHA256)
    assert canonical == ("GET\n/test.txt\n\nhost:examplebucket.s3.amazonaws.com\n"
                         "range:bytes=0-9\nx-amz-content-sha256:" + EMPTY_SHA256 + "\n"
                         "x-amz-date:20130524T000000Z\n\nhost;range;x-amz-content-sha256;"
                         "x-amz-date\n" + EMPTY_SHA256)
    assert signed == "host;range;x-amz-content-sha256;x-amz-date"


def test_the_secret_key_is_not_in_the_credentials_repr():
    assert "EXAMPLEKEY" not in repr(AWS) and "AKIA" not in repr(AWS)
